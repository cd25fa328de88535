/**
 * Waits at most `timeoutMs` for `promise`: its value if it fulfils in time,
 * else undefined. A rejection, early or late, goes to `onError` instead of
 * becoming an unhandled rejection. The promise itself keeps running.
 */
export function settleWithin<T>(
  promise: Promise<T>,
  timeoutMs: number,
  onError: (error: unknown) => void,
): Promise<T | undefined> {
  const settled = promise.catch((error: unknown) => {
    onError(error);
    return undefined;
  });

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });

  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}
