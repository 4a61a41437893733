import crypto from 'node:crypto';
import os from 'node:os';
import { Cron } from 'croner';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';

export interface JobSpec {
  name: string;
  cron: string;
  /** Runs once per scheduled slot across every replica sharing the store. */
  run(slot: Date): Promise<void>;
}

/**
 * Records a run of `job` for its scheduled `slot`. Every replica computes the same slot from the same cron
 * pattern; the primary key lets exactly one insert win, and only that replica runs the job.
 */
export async function claimJobRun(store: Store, job: string, slot: number, owner: string, now = Date.now()): Promise<boolean> {
  const result = await store.db
    .insertInto('job_runs')
    .values({ job, slot, owner, started_at: now, finished_at: null, status: null })
    .onConflict((oc) => oc.columns(['job', 'slot']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Cron jobs that run once per slot even with several replicas on one PostgreSQL. */
export class JobScheduler {
  private readonly crons: Cron[] = [];
  private readonly running = new Set<Promise<void>>();
  readonly owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  add(spec: JobSpec): void {
    const cron = new Cron(spec.cron, { protect: true }, (self: Cron) => {
      // The slot is the scheduled time, not the replica-specific moment the timer fired: a timer may fire a
      // few ms early (previousRuns would then return the run before) or late, so look half a second ahead.
      const slot = self.previousRuns(1, new Date(Date.now() + 500))[0] ?? new Date();
      const p: Promise<void> = this.runSlot(spec, slot).then(
        () => undefined,
        () => undefined,
      );
      this.running.add(p);
      return p.finally(() => this.running.delete(p));
    });
    this.crons.push(cron);
    this.logger.info({ job: spec.name, cron: spec.cron, next: cron.nextRun()?.toISOString() }, 'job scheduled');
  }

  /** Runs a job for a slot now (the scheduler, tests, an admin command); false when another run had it. */
  async runSlot(spec: JobSpec, slot: Date): Promise<boolean> {
    const at = slot.getTime();
    try {
      if (!(await claimJobRun(this.store, spec.name, at, this.owner))) {
        this.logger.debug({ job: spec.name, slot: slot.toISOString() }, 'job already run by another replica');
        return false;
      }
      let status = 'ok';
      try {
        await spec.run(slot);
        this.logger.info({ job: spec.name, slot: slot.toISOString() }, 'job done');
      } catch (error) {
        status = 'failed';
        this.logger.error({ err: error, job: spec.name, slot: slot.toISOString() }, 'job failed');
      }
      await this.store.db
        .updateTable('job_runs')
        .set({ finished_at: Date.now(), status })
        .where('job', '=', spec.name)
        .where('slot', '=', at)
        .execute();
      return true;
    } catch (error) {
      this.logger.error({ err: error, job: spec.name }, 'job could not be claimed');
      return false;
    }
  }

  /** Stops the timers and waits for runs in progress. */
  async stop(): Promise<void> {
    for (const c of this.crons) c.stop();
    this.crons.length = 0;
    await Promise.allSettled([...this.running]);
  }
}
