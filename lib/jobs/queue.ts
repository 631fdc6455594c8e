import "server-only";
import PgBoss from "pg-boss";
import { pool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";

// Sending jobs from the web process (and the CLI) to the worker, on the process's own connection pool:
// this side only inserts and reads jobs, it never works a queue, schedules or maintains (the worker does).

const g = globalThis as unknown as { postureSender?: Promise<PgBoss> };

function sender(): Promise<PgBoss> {
  g.postureSender ??= (async () => {
    const boss = new PgBoss({
      db: { executeSql: (text, values) => pool().query(text, values) },
      schema: "pgboss",
      supervise: false,
      schedule: false,
      migrate: false,
    });
    boss.on("error", (e) => console.error("[queue]", e.message));
    await boss.start();
    return boss;
  })().catch((e) => {
    g.postureSender = undefined;
    throw new AppError("unavailable", `The job queue is not ready (is the worker running?): ${e.message}`);
  });
  return g.postureSender;
}

export async function sendJob(name: string, data: object, opts: PgBoss.SendOptions = {}): Promise<string> {
  const boss = await sender();
  const id = await boss.send(name, data, opts);
  if (!id) throw new AppError("unavailable", `The job queue refused a ${name} job`);
  return id;
}

/** Sends a job and waits for the worker's result (its handler's return value). */
export async function runJob<T>(
  name: string,
  data: object,
  opts: { timeoutMs: number; what: string },
): Promise<T> {
  const boss = await sender();
  const id = await sendJob(name, data, {
    expireInSeconds: Math.ceil(opts.timeoutMs / 1000),
    retryLimit: 0,
  });
  const until = Date.now() + opts.timeoutMs;
  let wait = 100;
  while (Date.now() < until) {
    const job = await boss.getJobById<object>(name, id);
    if (job?.state === "completed") return unwrap(job.output) as T;
    if (job && (job.state === "failed" || job.state === "cancelled")) {
      const msg = (unwrap(job.output) as { message?: string } | null)?.message ?? job.state;
      throw new AppError("unavailable", `${opts.what} failed: ${msg}`);
    }
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(500, wait * 1.5);
  }
  await boss.cancel(name, id).catch(() => {});
  throw new AppError(
    "unavailable",
    `${opts.what} did not finish within ${Math.round(opts.timeoutMs / 1000)} s (is the worker running? npm start runs it)`,
  );
}

// pg-boss stores a non-object result as { value }.
function unwrap(output: unknown): unknown {
  if (output && typeof output === "object" && "value" in output && Object.keys(output).length === 1)
    return (output as { value: unknown }).value;
  return output;
}
