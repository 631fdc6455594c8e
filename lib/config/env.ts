// Runtime configuration, read once. Every variable is documented in README.md (Configuration).
import { z } from "zod";

const schema = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL is not set (npm start sets it for the embedded database)"),
  // A hot standby for dashboard, KPI and report reads (lib/db/replica.ts).
  DATABASE_READ_URL: z.string().min(1).optional(),
  // Embedded PGlite is one session: a pool of 1 serialises transactions.
  POSTURE_DB_POOL_MAX: z.coerce.number().int().positive().optional(),
  POSTURE_SECRET: z.string().min(32, "POSTURE_SECRET must be at least 32 characters").optional(),
  POSTURE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  POSTURE_INGEST_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(512 * 1024 * 1024),
  // What one ingest request may cost (lib/ingest/limits.ts): decompressed size (gzip bombs), one line or
  // JSON array element, a whole-document body held in memory, and wall-clock time.
  POSTURE_INGEST_MAX_DECOMPRESSED_BYTES: z.coerce.number().int().positive().optional(),
  POSTURE_INGEST_MAX_LINE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 1024 * 1024),
  POSTURE_INGEST_MAX_DOCUMENT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  POSTURE_INGEST_MAX_SECONDS: z.coerce.number().positive().default(120),
  POSTURE_JSON_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  POSTURE_WORKER: z.enum(["0", "1"]).default("1"),
  // Outgoing e-mail (notification channels, scheduled reports): smtp(s)://user:pass@host:port
  POSTURE_SMTP_URL: z.string().url().optional(),
  POSTURE_SMTP_FROM: z.string().min(3).default("Posture <posture@localhost>"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const msg = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid configuration: ${msg}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Tests that start a peer (an SMTP server) on a port chosen at run time read the variables again. */
export function resetEnvForTests(): void {
  cached = undefined;
}

export function baseUrl(): string {
  const e = env();
  return e.POSTURE_URL ?? `http://localhost:${e.PORT}`;
}

export function appSecret(): string {
  const s = env().POSTURE_SECRET;
  if (!s)
    throw new Error("POSTURE_SECRET is not set (npm start generates one under .data/ for the embedded mode)");
  return s;
}

export const VERSION = "0.1.0";
