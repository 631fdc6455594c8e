// Database errors as answers. Input the edge let through and PostgreSQL still refused is the client's
// mistake (4xx, saying what), a conflict with existing data is a 409, and a database that cannot be
// reached is a 503 the client may retry — none of them is an internal error. Used by the route wrapper
// (lib/http/api.ts) and the server-action wrapper (lib/http/action.ts), so every route maps them alike.
import { AppError } from "@/lib/errors";

// SQLSTATE → answer. Class 22 is "data exception" (bad value for its type), 23 integrity constraints.
const BY_CODE: Record<string, [AppError["code"], string]> = {
  "23505": ["conflict", "A record with the same unique value already exists"],
  "23503": ["conflict", "The change refers to a record that does not exist or is still referenced"],
  "23502": ["bad_request", "A required value is missing"],
  "23514": ["bad_request", "A value is outside what is allowed"],
  "23P01": ["conflict", "The change conflicts with an existing record"],
  "22P02": ["bad_request", "A value is not valid for its type (for example an id that is not a UUID)"],
  "22003": ["bad_request", "A number is out of range"],
  "22007": ["bad_request", "A date or time is not valid"],
  "22008": ["bad_request", "A date or time is out of range"],
  "22001": ["bad_request", "A value is too long"],
  "22021": ["bad_request", "A text value contains a character that cannot be stored (such as NUL)"],
  "22P05": ["bad_request", "A text value contains a character that cannot be stored (such as NUL)"],
  "22023": ["bad_request", "A value is not valid"],
  "22025": ["bad_request", "A text value has an invalid escape"],
  "2201B": ["bad_request", "A pattern is not a valid regular expression"],
  "54000": ["bad_request", "A value is too long to be stored or indexed"],
  "54001": ["bad_request", "The input is nested too deeply"],
  "40001": ["unavailable", "The database was busy with a conflicting change; retry the request"],
  "40P01": ["unavailable", "The database was busy with a conflicting change; retry the request"],
  "53300": ["unavailable", "The database has no free connections; retry shortly"],
  "57P01": ["unavailable", "The database is restarting; retry shortly"],
  "57P02": ["unavailable", "The database is restarting; retry shortly"],
  "57P03": ["unavailable", "The database is starting up; retry shortly"],
};

// Prisma's own codes, for the few CRUD paths that go through it.
const BY_PRISMA_CODE: Record<string, [AppError["code"], string]> = {
  P2002: BY_CODE["23505"],
  P2003: BY_CODE["23503"],
  P2000: BY_CODE["22001"],
  P2023: BY_CODE["22P02"],
  P2025: ["not_found", "The record was not found"],
};

const UNREACHABLE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|EAI_AGAIN/;
const UNREACHABLE_MESSAGE =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Can't reach database|Cannot use a pool after calling end|the database system is (starting up|shutting down|in recovery mode)|terminating connection/i;

const UNAVAILABLE = "The database cannot be reached right now; retry shortly";

/** Every error object in a cause chain (Prisma and driver adapters wrap the original). */
function* chain(e: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  const queue = [e];
  while (queue.length) {
    const x = queue.shift();
    if (!x || typeof x !== "object" || seen.has(x)) continue;
    seen.add(x);
    const o = x as Record<string, unknown>;
    yield o;
    queue.push(o.cause, (o.meta as Record<string, unknown> | undefined)?.driverAdapterError);
    if (Array.isArray(o.errors)) queue.push(...o.errors); // AggregateError (both address families refused)
  }
}

/** The AppError a database failure means, or null when the error is not a database error. */
export function dbErrorToAppError(e: unknown): AppError | null {
  for (const o of chain(e)) {
    const code = typeof o.code === "string" ? o.code : undefined;
    const original = typeof o.originalCode === "string" ? o.originalCode : undefined;
    const sqlstate = [code, original].find((c) => c && /^[0-9A-Z]{5}$/.test(c) && BY_CODE[c]);
    if (sqlstate) {
      const [status, message] = BY_CODE[sqlstate];
      const column = typeof o.column === "string" ? ` (${o.column})` : "";
      return new AppError(status, `${message}${column}`);
    }
    // The rest of class 22 (data exception): a value PostgreSQL cannot take for its type.
    if (code && /^22[0-9A-Z]{3}$/.test(code))
      return new AppError("bad_request", "A value is not valid for its type or range");
    if (code && BY_PRISMA_CODE[code]) return new AppError(...BY_PRISMA_CODE[code]);
    if (code?.startsWith("08")) return new AppError("unavailable", UNAVAILABLE);
    if (code && UNREACHABLE.test(code)) return new AppError("unavailable", UNAVAILABLE);
    if (o.name === "PrismaClientInitializationError") return new AppError("unavailable", UNAVAILABLE);
    if (typeof o.message === "string" && UNREACHABLE_MESSAGE.test(o.message))
      return new AppError("unavailable", UNAVAILABLE);
  }
  return null;
}
