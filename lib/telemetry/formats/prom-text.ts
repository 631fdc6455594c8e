// Prometheus text exposition (and /federate output, which carries millisecond timestamps), one line at a
// time. Pure: every line becomes a sample, nothing (comments, blanks) or a rejection with a reason, so a
// broken line never costs the rest of the payload.

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Milliseconds since the epoch when the line carries a timestamp (federate), else null. */
  timestampMs: number | null;
}

export type PromLine =
  | { kind: "skip" }
  | { kind: "sample"; sample: PromSample }
  | { kind: "error"; reason: string };

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function parseValue(raw: string): number | null {
  // Go's ParseFloat spellings that the exposition format allows.
  if (/^[+-]?inf$/i.test(raw))
    return raw.startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^nan$/i.test(raw)) return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw) && !/^0x[0-9a-f]+$/i.test(raw)) return null;
  return Number(raw);
}

/** Parses the label block starting right after "{"; returns the labels and the index after "}". */
function parseLabels(line: string, start: number): { labels: Record<string, string>; end: number } | string {
  const labels: Record<string, string> = {};
  let i = start;
  const ws = () => {
    while (line[i] === " " || line[i] === "\t") i++;
  };
  ws();
  while (line[i] !== "}") {
    if (i >= line.length) return "unterminated label set (missing '}')";
    const m = LABEL_NAME.exec(line.slice(i));
    if (!m) return `invalid label name at column ${i + 1}`;
    const name = m[0];
    i += name.length;
    ws();
    if (line[i] !== "=") return `expected '=' after label ${name}`;
    i++;
    ws();
    if (line[i] !== '"') return `label ${name}: value must be in double quotes`;
    i++;
    let value = "";
    for (;;) {
      if (i >= line.length) return `label ${name}: unterminated quoted value`;
      const c = line[i];
      if (c === "\\") {
        const n = line[i + 1];
        if (n === "n") value += "\n";
        else if (n === "\\") value += "\\";
        else if (n === '"') value += '"';
        else return `label ${name}: invalid escape \\${n ?? ""}`;
        i += 2;
        continue;
      }
      if (c === '"') {
        i++;
        break;
      }
      value += c;
      i++;
    }
    if (Object.hasOwn(labels, name)) return `label ${name} appears twice`;
    labels[name] = value;
    ws();
    if (line[i] === ",") {
      i++;
      ws();
      continue;
    }
    if (line[i] !== "}") return `expected ',' or '}' after label ${name}`;
  }
  return { labels, end: i + 1 };
}

export function parsePromLine(text: string): PromLine {
  const line = text.trim();
  if (!line || line.startsWith("#")) return { kind: "skip" };
  const m = NAME.exec(line);
  if (!m) return { kind: "error", reason: "not a metric line (expected a metric name)" };
  const name = m[0];
  let i = name.length;
  let labels: Record<string, string> = {};
  if (line[i] === "{") {
    const r = parseLabels(line, i + 1);
    if (typeof r === "string") return { kind: "error", reason: `${name}: ${r}` };
    labels = r.labels;
    i = r.end;
  }
  if (line[i] !== " " && line[i] !== "\t")
    return { kind: "error", reason: `${name}: expected a space before the value` };
  const rest = line
    .slice(i)
    .trim()
    .split(/[ \t]+/);
  if (rest.length > 2 || !rest[0])
    return { kind: "error", reason: `${name}: expected "<value> [timestamp]"` };
  const value = parseValue(rest[0]);
  if (value === null)
    return { kind: "error", reason: `${name}: value "${rest[0].slice(0, 40)}" is not a number` };
  let timestampMs: number | null = null;
  if (rest[1] !== undefined) {
    if (!/^-?\d+$/.test(rest[1]))
      return {
        kind: "error",
        reason: `${name}: timestamp "${rest[1].slice(0, 40)}" is not integer milliseconds`,
      };
    timestampMs = Number(rest[1]);
    if (!Number.isSafeInteger(timestampMs) || Number.isNaN(new Date(timestampMs).getTime())) {
      return { kind: "error", reason: `${name}: timestamp ${rest[1].slice(0, 40)} is out of range` };
    }
  }
  return { kind: "sample", sample: { name, labels, value, timestampMs } };
}

/** The identity of a series: metric name plus its sorted label pairs. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `${name}{${parts.join(",")}}`;
}

/** Renders a sample back to exposition text (tests, demo data, the connector test exporter). */
export function formatPromLine(s: PromSample): string {
  const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
  const labels = Object.entries(s.labels)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(",");
  const value = Number.isNaN(s.value)
    ? "NaN"
    : s.value === Infinity
      ? "+Inf"
      : s.value === -Infinity
        ? "-Inf"
        : String(s.value);
  return `${s.name}${labels ? `{${labels}}` : ""} ${value}${s.timestampMs !== null ? ` ${s.timestampMs}` : ""}`;
}
