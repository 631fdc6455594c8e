// The last look at a parsed record before it joins a chunk: a value PostgreSQL can never store (a NUL, an
// unpaired surrogate) or an absurdly long string would fail the whole chunk's INSERT and, with it, the
// batch. Such a record is rejected alone, with its line/index and the field that is wrong, like any other
// record a parser could not read.
import { findBadText, printable, textProblem } from "@/lib/http/input";

/** No field of any format needs more: PEM chains and long messages stay far below it. */
export const MAX_RECORD_STRING = 64 * 1024;

function findLongString(value: unknown, path: string): string | null {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length) {
    const [v, at] = stack.pop() as [unknown, string];
    if (typeof v === "string") {
      if (v.length > MAX_RECORD_STRING) return at || "(value)";
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        stack.push([x, at ? `${at}.${i}` : String(i)]);
      });
    } else if (v && typeof v === "object" && !ArrayBuffer.isView(v) && !(v instanceof Date)) {
      for (const [k, x] of Object.entries(v)) stack.push([x, at ? `${at}.${printable(k)}` : printable(k)]);
    }
  }
  return null;
}

/**
 * One walk over the record without building any path: true when every string (values and keys) can be
 * stored and none is too long. The common case at hundreds of thousands of records a second; only a record
 * that fails it is walked again to name the field (the paths cost an allocation per node).
 */
function clean(record: unknown): boolean {
  const stack: unknown[] = [record];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.length > MAX_RECORD_STRING || textProblem(v)) return false;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push(v[i]);
    } else if (v && typeof v === "object" && !ArrayBuffer.isView(v) && !(v instanceof Date)) {
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        if (textProblem(k)) return false;
        stack.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return true;
}

/** Why the record cannot be stored, or null when it can. */
export function recordProblem(record: unknown): string | null {
  if (clean(record)) return null;
  const bad = findBadText(record);
  if (bad) return `${bad.path}: ${bad.problem}`;
  const long = findLongString(record, "");
  if (long) return `${long}: longer than ${MAX_RECORD_STRING} characters`;
  return null;
}
