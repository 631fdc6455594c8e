// Runtime configuration: every variable the server, the worker and the CLI read, validated in one place.
// Each is documented once, in README.md (Configuration). An invalid value stops the process at start
// (scripts/start.ts and scripts/image/entry.ts call env() before anything else) with a message naming the
// variable; nothing falls back silently. An empty value counts as unset.
import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";
import { parseTrustedProxies } from "@/lib/http/trusted-proxies";
import { parseAllowList } from "@/lib/net/outbound/allow-list";

const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const flag = (fallback: "0" | "1") => z.enum(["0", "1"]).default(fallback);

/** A list the given parser accepts (it throws naming the entry it cannot read). */
const parsedBy = (parse: (raw: string) => unknown) =>
  z.string().superRefine((raw, ctx) => {
    try {
      parse(raw);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: (e as Error).message });
    }
  });

const schema = z.object({
  // ---- database
  // Not required here: npm start and the CLI choose it (an external server, or the embedded one) and set it.
  DATABASE_URL: z.string().optional(),
  // A hot standby for dashboard, KPI and report reads (lib/db/replica.ts).
  DATABASE_READ_URL: z.string().optional(),
  // Embedded PGlite is one session: a pool of 1 serialises transactions.
  POSTURE_DB_POOL_MAX: z.coerce.number().int().positive().optional(),
  POSTURE_DATA_DIR: z.string().default(".data"),
  POSTURE_PGLITE_PORT: count(54329),
  // Set by npm start when it runs the embedded database (one process: in-memory ingest rate counters).
  POSTURE_EMBEDDED: flag("0"),

  // ---- the server
  POSTURE_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  POSTURE_URL: z.string().url().optional(),
  PORT: count(3000),
  POSTURE_WORKER: flag("1"),
  POSTURE_DEMO: flag("1"),
  POSTURE_ADMIN_EMAIL: z.string().email().default("admin@posture.local"),
  POSTURE_ADMIN_PASSWORD: z.string().min(1).optional(),
  // The container image's entry point (scripts/image/entry.ts).
  POSTURE_APP_DIR: z.string().optional(),
  POSTURE_HEALTH_PORT: count(3001),
  POSTURE_SHUTDOWN_GRACE_MS: count(30_000),
  // Addresses of reverse proxies whose X-Forwarded-For is believed (lib/http/client-address.ts).
  POSTURE_TRUSTED_PROXIES: parsedBy(parseTrustedProxies).optional(),

  // ---- sign-in
  POSTURE_LOGIN_RATE_PER_MIN: count(10),
  POSTURE_LOGIN_ACCOUNT_FAILURES: count(5),
  // OpenID Connect single sign-on (lib/auth/oidc.ts): on when the issuer and the client id are set.
  POSTURE_OIDC_ISSUER: z.string().url().optional(),
  POSTURE_OIDC_CLIENT_ID: z.string().optional(),
  POSTURE_OIDC_CLIENT_SECRET: z.string().optional(),
  POSTURE_OIDC_NAME: z.string().default("single sign-on"),
  POSTURE_OIDC_DEFAULT_ROLE: z.enum(ROLES).default("viewer"),
  POSTURE_OIDC_AUTO_PROVISION: flag("1"),

  // ---- ingest: what one request may cost (lib/ingest/limits.ts) and how often a sender may send
  POSTURE_INGEST_MAX_BYTES: count(512 * 1024 * 1024),
  POSTURE_INGEST_MAX_DECOMPRESSED_BYTES: z.coerce.number().int().positive().optional(),
  POSTURE_INGEST_MAX_LINE_BYTES: count(8 * 1024 * 1024),
  POSTURE_INGEST_MAX_DOCUMENT_BYTES: count(64 * 1024 * 1024),
  POSTURE_INGEST_MAX_SECONDS: z.coerce.number().positive().default(120),
  POSTURE_INGEST_RATE_PER_MIN: count(600),
  // Parse line formats that support it in a worker thread (lib/ingest/parse-in-worker.ts); 0: in the request's thread
  POSTURE_INGEST_PARSE_WORKER: flag("1"),
  POSTURE_JSON_MAX_BYTES: count(1024 * 1024),

  // ---- outbound connections (lib/net/outbound): when set, the only permitted targets
  POSTURE_OUTBOUND_ALLOW: parsedBy(parseAllowList).optional(),

  // ---- audit chain anchors (lib/audit/anchor.ts)
  POSTURE_AUDIT_ANCHOR_FILE: z.string().optional(),
  POSTURE_AUDIT_ANCHOR_KEY: z.string().min(16, "must be at least 16 characters").optional(),

  // ---- reports: PDFs printed by Chromium (lib/reports/pdf.ts)
  CHROMIUM_PATH: z.string().default("/usr/bin/chromium"),
  POSTURE_RENDER_URL: z.string().url().optional(),
  POSTURE_PDF_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(2),

  // ---- e-mail (notification channels, scheduled reports): smtp(s)://user:pass@host:port
  POSTURE_SMTP_URL: z.string().url().optional(),
  POSTURE_SMTP_FROM: z.string().min(3).default("Posture <posture@localhost>"),

  // ---- the CLI's `ingest` command (a client of a running server)
  POSTURE_TOKEN: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** The configuration, validated on first use; throws naming every invalid variable. */
export function env(): Env {
  if (!cached) {
    const set = Object.fromEntries(
      Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ""),
    );
    const parsed = schema.safeParse(set);
    if (!parsed.success) {
      const msg = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid configuration: ${msg}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/**
 * Reads the variables again: after a launcher sets the ones it derives (scripts/start.ts: the database
 * URL, the secret), or a test changes one.
 */
export function reloadEnv(): Env {
  cached = undefined;
  return env();
}

/** The database to use; a clear error when none was chosen. */
export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
  return url;
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
