// Alertmanager webhook payload, version 4 (prometheus.io/docs/alerting/latest/configuration/#webhook_config).
// Pure: the FormatHandler in formats.ts stores what this yields.
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import { type AlertSubject, alertSubjectFromLabels } from "../subject";
import { checkTime, isUnsetTime } from "../timestamps";

export interface AlertRecord {
  fingerprint: string;
  status: "firing" | "resolved";
  alertname: string;
  severity: string | null;
  startsAt: Date;
  /** Null while firing with no end; a firing alert's endsAt is provisional (kept, never counted). */
  endsAt: Date | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorUrl: string | null;
  summary: string | null;
  subject: AlertSubject;
}

export type AlertItem =
  | { ok: true; record: AlertRecord; index: number }
  | { ok: false; index: number; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(v)) return out;
  for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
}

/** Throws AppError(bad_request) when the body is not a version 4 webhook; else one item per alert. */
export function parseAlertmanagerWebhook(
  text: string,
  opts: { cluster: string | null; now?: Date },
): AlertItem[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new AppError(
      "bad_request",
      `The Alertmanager webhook body is not valid JSON: ${(e as Error).message}`,
    );
  }
  if (!isObject(body))
    throw new AppError("bad_request", "The Alertmanager webhook body must be a JSON object");
  if (body.version !== "4") {
    throw new AppError(
      "bad_request",
      `Alertmanager webhook version ${JSON.stringify(body.version ?? null)} is not supported; expected "4" (Alertmanager ≥ 0.7)`,
    );
  }
  if (!Array.isArray(body.alerts))
    throw new AppError("bad_request", "The Alertmanager webhook body has no alerts array");
  const now = opts.now ?? new Date();
  return body.alerts.map((a, index): AlertItem => {
    const bad = (reason: string): AlertItem => ({ ok: false, index, reason });
    if (!isObject(a)) return bad("alert is not an object");
    const labels = stringMap(a.labels);
    if (Object.keys(labels).length === 0)
      return bad("alert has no labels (an alert is identified by its labels)");
    const status = a.status;
    if (status !== "firing" && status !== "resolved")
      return bad(`status ${JSON.stringify(status ?? null)} is neither "firing" nor "resolved"`);
    const starts = checkTime(a.startsAt, "startsAt", now);
    if (!starts.ok) return bad(starts.reason);
    let endsAt: Date | null = null;
    if (status === "resolved") {
      const ends = isUnsetTime(a.endsAt)
        ? ({ ok: false, reason: "endsAt is missing (0001-01-01 means unset)" } as const)
        : checkTime(a.endsAt, "endsAt", now);
      if (!ends.ok) return bad(`resolved alert: ${ends.reason}`);
      if (ends.date < starts.date)
        return bad(
          `resolved alert: endsAt ${ends.date.toISOString()} is before startsAt ${starts.date.toISOString()}`,
        );
      endsAt = ends.date;
    } else if (!isUnsetTime(a.endsAt)) {
      // Provisional (Alertmanager's resolve timeout): kept for display only when it parses at all.
      const d = new Date(String(a.endsAt));
      endsAt = Number.isNaN(d.getTime()) ? null : d;
    }
    const annotations = stringMap(a.annotations);
    const fingerprint =
      typeof a.fingerprint === "string" && a.fingerprint.trim()
        ? a.fingerprint.trim()
        : labelFingerprint(labels);
    return {
      ok: true,
      index,
      record: {
        fingerprint,
        status,
        alertname: labels.alertname ?? "(unnamed alert)",
        severity: labels.severity ?? null,
        startsAt: starts.date,
        endsAt,
        labels,
        annotations,
        generatorUrl: typeof a.generatorURL === "string" && a.generatorURL ? a.generatorURL : null,
        summary: annotations.summary ?? annotations.description ?? annotations.message ?? null,
        subject: alertSubjectFromLabels(labels, opts.cluster),
      },
    };
  });
}

/** Alertmanager fingerprints an alert by its label set; senders that omit it get the same idea. */
export function labelFingerprint(labels: Record<string, string>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k]}`)
    .join("\u0001");
  return `sha256:${createHash("sha256").update(canonical).digest("hex").slice(0, 16)}`;
}

/** Alert severities in the wild (critical, warning, page, info…) onto Posture's five levels. */
export function incidentSeverity(
  labelSeverity: string | null | undefined,
): "critical" | "high" | "medium" | "low" | "info" {
  switch ((labelSeverity ?? "").toLowerCase()) {
    case "critical":
    case "page":
    case "emergency":
    case "alert":
      return "critical";
    case "high":
    case "error":
    case "major":
      return "high";
    case "warning":
    case "warn":
    case "medium":
      return "medium";
    case "low":
    case "minor":
      return "low";
    case "info":
    case "informational":
    case "none":
      return "info";
    default:
      return "medium";
  }
}
