import "server-only";
import PgBoss from "pg-boss";
import { databaseUrl } from "@/lib/config/env";
import "./index";
import { registeredJobs } from "./registry";

export interface Worker {
  boss: PgBoss;
  stop(): Promise<void>;
}

/** Starts the job queue: creates each registered queue, installs its schedule, and works it. */
export async function startWorker(
  opts: { connectionString?: string; schedule?: boolean } = {},
): Promise<Worker> {
  const boss = new PgBoss({
    connectionString: opts.connectionString ?? databaseUrl(),
    max: 2,
    schema: "pgboss",
    application_name: "posture-worker",
  });
  boss.on("error", (e) => console.error("[worker]", e.message));
  await boss.start();
  const timers: NodeJS.Timeout[] = [];
  for (const job of registeredJobs()) {
    await boss.createQueue(job.name);
    if (job.cron && opts.schedule !== false) await boss.schedule(job.name, job.cron);
    for (let k = 0; k < (job.concurrency ?? 1); k++) {
      await boss.work(
        job.name,
        { batchSize: 1, pollingIntervalSeconds: job.pollingIntervalSeconds ?? 2 },
        async ([j]) => job.handler((j?.data ?? {}) as object),
      );
    }
    if (job.everySeconds && opts.schedule !== false) {
      const every = job.everySeconds;
      // sendThrottled keeps one job per period however many replicas tick.
      const tick = () =>
        boss
          .sendThrottled(job.name, {}, {}, every, job.name)
          .catch((e) => console.error("[worker]", e.message));
      timers.push(setInterval(tick, every * 1000));
    }
  }
  return {
    boss,
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
