import { FakeSlack, type FakeSlackOptions, type RecordedCall } from '../../src/sandbox/fake-slack.js';
import { waitForCall } from '../../src/sandbox/wait-for-call.js';

export { waitForCall };

/**
 * The fake Slack with what only tests need: make the next call to a method fail, list the calls to a
 * method, and wait for a call. The product (the sandbox) uses FakeSlack without them.
 */
const REFUSALS = new Set(['invalid_blocks', 'invalid_blocks_format', 'invalid_arguments', 'invalid_chunks', 'msg_too_long', 'no_text']);

/** One line per refused call: method, error and Slack's messages. */
export function describeRefusals(calls: RecordedCall[]): string {
  return calls
    .map((c) => {
      const meta = c.result?.response_metadata as { messages?: string[] } | undefined;
      return `${c.method}: ${String(c.result?.error)} ${(meta?.messages ?? []).join('; ')}`;
    })
    .join('\n');
}

export class TestSlack extends FakeSlack {
  private readonly failures = new Map<string, string[]>();
  private readonly injected = new Set<RecordedCall>();

  /**
   * Calls that real Slack would refuse (invalid_blocks, invalid_arguments, msg_too_long…), other than the
   * failures a test asked for with failNext. startTestApp's close() fails the test file when there are any.
   */
  get refusals(): RecordedCall[] {
    return this.calls.filter((c) => !this.injected.has(c) && c.result?.ok === false && REFUSALS.has(String(c.result.error)));
  }

  /** The next call to `method` answers `{ ok: false, error }` instead (repeatable, in order). */
  failNext(method: string, error = 'internal_error'): void {
    const list = this.failures.get(method) ?? [];
    list.push(error);
    this.failures.set(method, list);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call (past or future) to `method` that matches `where`. */
  waitFor(method: string, where: (args: Record<string, unknown>) => boolean = () => true, timeoutMs = 5000): Promise<RecordedCall> {
    return waitForCall(this, method, where, timeoutMs);
  }

  protected override intercept(call: RecordedCall): Record<string, unknown> | undefined {
    const failure = this.failures.get(call.method)?.shift();
    if (!failure) return undefined;
    this.injected.add(call);
    return { ok: false, error: failure };
  }
}

export async function startTestSlack(options: FakeSlackOptions = {}): Promise<TestSlack> {
  return new TestSlack(options).start();
}
