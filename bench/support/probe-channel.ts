import type { ChildProcess } from 'node:child_process';

/** Milliseconds a preloaded probe has to reply over IPC. */
const ANSWER_TIMEOUT_MS = 5000;

/**
 * Sends `message` to a probe preloaded in `child` (see `bench/probes/`) and resolves with the
 * first reply whose `type` is `replyType`.
 */
export function askProbe(
  child: ChildProcess,
  message: { type: string },
  replyType: string,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`The probe sent no reply to "${message.type}" within ${ANSWER_TIMEOUT_MS} ms`));
    }, ANSWER_TIMEOUT_MS);
    const onMessage = (reply: unknown) => {
      if ((reply as { type?: unknown } | null)?.type !== replyType) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(reply);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}
