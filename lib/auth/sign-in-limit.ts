import "server-only";
import { env } from "@/lib/config/env";
import { pool } from "@/lib/db/pool";
import { textProblem } from "@/lib/http/input";

// The per-account sign-in limit. The per-address limit (Better Auth's, fed the address from
// lib/http/client-address.ts) stops one machine; this stops many machines guessing one account's password.
// After THRESHOLD consecutive failures the account is locked — right password included — for a minute,
// doubling with every further failure up to an hour. A success clears the count; an hour without failures
// forgets it. The key is the submitted email, known or not, so the answers do not reveal which accounts
// exist. Rows live in PostgreSQL so every replica shares them.

const BASE_LOCK_SECONDS = 60;
const MAX_LOCK_SECONDS = 3600;
const FORGET_AFTER = "1 hour";

export function failureThreshold(): number {
  const n = env().POSTURE_LOGIN_ACCOUNT_FAILURES;
  return Number.isInteger(n) && n > 0 ? n : 5;
}

/** The key for an email as submitted: trimmed, lower-case, capped (an unbounded key is its own attack). */
export function accountKey(email: unknown): string | null {
  if (typeof email !== "string" || textProblem(email)) return null;
  const k = email.trim().toLowerCase().slice(0, 320);
  return k || null;
}

/** Seconds until the account may try again, or 0 when it is not locked. */
export async function lockedFor(account: string): Promise<number> {
  const { rows } = await pool().query<{ s: number }>(
    `SELECT ceil(extract(epoch FROM "lockedUntil" - now()))::int AS s
       FROM sign_in_lock WHERE account = $1 AND "lockedUntil" > now()`,
    [account],
  );
  return rows[0]?.s ?? 0;
}

/** Counts a failure (atomically, whatever the concurrency) and returns the lock it caused, in seconds. */
export async function recordFailure(account: string): Promise<number> {
  const threshold = failureThreshold();
  // One statement (INSERT … ON CONFLICT), so concurrent failures each count; SET sees the old row, hence
  // the count expression is spelled out where the lock is computed.
  const count = `CASE WHEN sign_in_lock."lastFailureAt" < now() - $2::interval THEN 1
                      ELSE sign_in_lock.failures + 1 END`;
  const lock = (n: string) => `CASE WHEN ${n} >= $3
      THEN now() + make_interval(secs => least($4::float8 * 2 ^ least(${n} - $3, 20), $5::float8))
      ELSE NULL END`;
  const { rows } = await pool().query<{ s: number | null }>(
    `INSERT INTO sign_in_lock (account, failures, "lastFailureAt", "lockedUntil")
       VALUES ($1, 1, now(), ${lock("1")})
     ON CONFLICT (account) DO UPDATE SET
       failures = ${count}, "lastFailureAt" = now(), "lockedUntil" = ${lock(`(${count})`)}
     RETURNING ceil(extract(epoch FROM "lockedUntil" - now()))::int AS s`,
    [account, FORGET_AFTER, threshold, BASE_LOCK_SECONDS, MAX_LOCK_SECONDS],
  );
  // Forgotten rows are pruned on the way, so guessing random emails cannot grow the table for ever.
  await pool().query(`DELETE FROM sign_in_lock WHERE "lastFailureAt" < now() - interval '1 day'`);
  return rows[0]?.s ?? 0;
}

export async function clearFailures(account: string): Promise<void> {
  await pool().query(`DELETE FROM sign_in_lock WHERE account = $1`, [account]);
}
