// Background jobs: each domain registers its jobs here (lib/jobs/index.ts imports the domain files).
// The worker (lib/jobs/worker.ts) runs them on a PostgreSQL queue, so any number of replicas can run
// without two of them taking the same job (pg-boss uses SELECT … FOR UPDATE SKIP LOCKED).

export interface JobDefinition<D extends object = Record<string, unknown>> {
  name: string;
  /** Five-field cron in UTC; omit for jobs that only run when sent. */
  cron?: string;
  /** Also run every N seconds (cron cannot go below a minute); one run per period across replicas. */
  everySeconds?: number;
  /** What the handler returns is kept as the job's output (a sender may wait for it: lib/jobs/queue.ts). */
  handler: (data: D) => Promise<unknown>;
  /** Jobs of this queue one worker process runs at once (default 1). */
  concurrency?: number;
  /** How often an idle worker looks for new jobs of this queue (pg-boss default: 2 s). */
  pollingIntervalSeconds?: number;
}

const jobs = new Map<string, JobDefinition<object>>();

export function defineJob<D extends object>(def: JobDefinition<D>): JobDefinition<D> {
  jobs.set(def.name, def as JobDefinition<object>);
  return def;
}

export function registeredJobs(): JobDefinition<object>[] {
  return [...jobs.values()];
}
