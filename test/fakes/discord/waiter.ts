import type { EventEmitter } from 'node:events';

/**
 * Resolves with the first value `check` returns (other than undefined), checking once now and
 * again on each of `events`; rejects with `timeoutMessage` after `timeoutMs` milliseconds.
 */
export function waitUntil<T>(
  emitter: EventEmitter,
  events: string | string[],
  check: () => T | undefined,
  timeoutMs: number,
  timeoutMessage: string,
): Promise<T> {
  const immediate = check();

  if (immediate !== undefined) {
    return Promise.resolve(immediate);
  }

  const eventList = Array.isArray(events) ? events : [events];

  return new Promise<T>((resolve, reject) => {
    const onEvent = (): void => {
      const value = check();

      if (value !== undefined) {
        cleanUp();
        resolve(value);
      }
    };
    const timer = setTimeout(() => {
      cleanUp();
      reject(new Error(timeoutMessage));
    }, timeoutMs);
    const cleanUp = (): void => {
      clearTimeout(timer);

      for (const event of eventList) {
        emitter.off(event, onEvent);
      }
    };

    for (const event of eventList) {
      emitter.on(event, onEvent);
    }
  });
}
