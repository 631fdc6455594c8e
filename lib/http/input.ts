// Input rules every way in shares. PostgreSQL cannot store a NUL character in text, and a lone UTF-16
// surrogate (half of a pair) is not Unicode at all, so neither may pass the edge; dates must fit a
// timestamp and ids the shape of ours. Applied once per way in — JSON bodies (lib/http/body.ts), query
// strings and path segments (lib/http/api.ts), form fields (lib/http/action.ts), ingest records
// (lib/ingest/batch.ts) — and by the zod primitives below inside schemas.
import { z } from "zod";

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what PostgreSQL refuses
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string that can never be stored, or null. */
export function textProblem(s: string): string | null {
  if (NUL.test(s)) return "contains a NUL character (\\u0000), which cannot be stored";
  if (LONE_SURROGATE.test(s)) return "contains an unpaired UTF-16 surrogate (not valid Unicode)";
  return null;
}

/** A key as it can be shown and stored in a message: control characters and lone surrogates escaped. */
export function printable(s: string, max = 100): string {
  const clipped = s.length > max ? `${s.slice(0, max)}…` : s;
  return clipped.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
    /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

export interface BadText {
  path: string;
  problem: string;
}

/**
 * The first string (value or object key) in a parsed value that can never be stored, with its path
 * ("items.3.name"), or null. Iterative, so a deeply nested document cannot exhaust the stack.
 */
export function findBadText(value: unknown, root = ""): BadText | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop() as [unknown, string];
    if (typeof v === "string") {
      const problem = textProblem(v);
      if (problem) return { path: path || "(value)", problem };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], path ? `${path}.${i}` : String(i)]);
    } else if (v && typeof v === "object" && !ArrayBuffer.isView(v) && !(v instanceof Date)) {
      for (const [k, child] of Object.entries(v)) {
        const at = path ? `${path}.${printable(k)}` : printable(k);
        const problem = textProblem(k);
        if (problem) return { path: at, problem: `key ${problem}` };
        stack.push([child, at]);
      }
    }
  }
  return null;
}

const storable = (s: string) => textProblem(s) === null;
const storableMessage = { error: (i: { input?: unknown }) => textProblem(String(i.input)) ?? "invalid text" };

/** A string that can be stored, trimmed, at most `max` characters (the one string primitive of schemas). */
export const text = (max: number) =>
  z.string().trim().max(max, `at most ${max} characters`).refine(storable, storableMessage);

/** A short, required name: a title, a label, a source or cluster name. */
export const name = (max = 200) => text(max).min(1, "is required");

/** Our record ids (uuid); anything else is a 400 before it reaches a query. */
export const uuid = () => z.string().trim().uuid("must be an id (a UUID)");

// What a PostgreSQL timestamptz holds comfortably, and what a posture record can sensibly mean.
export const MIN_DATE = new Date("1970-01-01T00:00:00Z");
export const MAX_DATE = new Date("9999-12-31T23:59:59Z");

/** A date or date-time (ISO-8601 or YYYY-MM-DD) between 1970 and 9999. */
export const dateInput = () =>
  z.coerce
    .date({ error: "must be a date (YYYY-MM-DD or ISO-8601)" })
    .min(MIN_DATE, "must be in 1970 or later")
    .max(MAX_DATE, "must be before the year 10000");

/** A whole number PostgreSQL's integer can hold, within [min, max]. */
export const int = (min = -2_147_483_648, max = 2_147_483_647) =>
  z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** Longest value of a query-string parameter or path segment: no filter of ours needs more. */
export const MAX_PARAM_CHARS = 1000;
