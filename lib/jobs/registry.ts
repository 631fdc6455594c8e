// Background jobs: each domain registers its jobs here (lib/jobs/index.ts imports the domain files).
// The worker (lib/jobs/worker.ts) runs them on a PostgreSQL queue, so any number of replicas can run
// without two of them taking the same job (pg-boss uses SELECT … FOR UPDATE SKIP LOCKED).

export interface JobDefinition<D extends object = Record<string, unknown>> {
  name: string;
  /** Five-field cron in UTC; omit for jobs that only run when sent. */
  cron?: string;
  /** Also run every N seconds (cron cannot go below a minute); one run per period across replicas. */
  everySeconds?: number;
  handler: (data: D) => Promise<void>;
}

const jobs = new Map<string, JobDefinition<object>>();

export function defineJob<D extends object>(def: JobDefinition<D>): JobDefinition<D> {
  jobs.set(def.name, def as JobDefinition<object>);
  return def;
}

export function registeredJobs(): JobDefinition<object>[] {
  return [...jobs.values()];
}
