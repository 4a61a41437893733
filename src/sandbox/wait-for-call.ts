import type { FakeSlack, RecordedCall } from './fake-slack.js';

/**
 * Resolves with the first call (past or future) to `method` that matches `where`, on any fake Slack: the
 * sandbox's, a test's, or a benchmark's. Rejects after `timeoutMs` with the methods called so far.
 */
export function waitForCall(
  slack: FakeSlack,
  method: string,
  where: (args: Record<string, unknown>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<RecordedCall> {
  const found = slack.calls.find((c) => c.method === method && where(c.args));
  if (found) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const onCall = (call: RecordedCall) => {
      if (call.method === method && where(call.args)) {
        clearTimeout(timer);
        slack.off('call', onCall);
        resolve(call);
      }
    };
    const timer = setTimeout(() => {
      slack.off('call', onCall);
      const seen = slack.calls.map((c) => c.method).join(', ') || 'none';
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${method}; calls so far: ${seen}`));
    }, timeoutMs);
    slack.on('call', onCall);
  });
}
