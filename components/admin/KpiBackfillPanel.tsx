"use client";

import { useEffect, useState } from "react";
import { apiFetch } from "@/lib/client/api";
import type { BackfillJob } from "@/lib/kpi/backfill-job";
import { formatInstant } from "@/lib/time/zone";

const ACTIVE = new Set(["queued", "running"]);

/** The job in words: its range is of UTC days (the snapshots' days), its finishing time in the display zone. */
function jobText(job: BackfillJob, zone: string): string {
  const { daysDone, daysTotal } = job.progress;
  const range = `${job.from} to ${job.to} (UTC days)`;
  if (job.state === "queued") return `Queued: ${range} (${daysTotal} days), waiting for the worker`;
  if (job.state === "running") return `Running: ${daysDone} of ${daysTotal} days of ${range}`;
  if (job.state === "completed")
    return `Done: ${daysDone} days of ${range}, ${job.rows} snapshot rows${job.finishedAt ? `, finished ${formatInstant(job.finishedAt, zone, { label: true })}` : ""}`;
  return `Failed after ${daysDone} of ${daysTotal} days of ${range}: ${job.error ?? "unknown error"}`;
}

/**
 * Starts a KPI snapshot backfill (POST /api/v1/kpis/snapshots answers 202 with the job) and follows its
 * progress by polling the job until the worker has finished it.
 */
export function KpiBackfillPanel({
  latest,
  defaultFrom,
  defaultTo,
  zone,
}: {
  latest: BackfillJob | null;
  defaultFrom: string;
  defaultTo: string;
  /** The display zone (lib/time). */
  zone: string;
}) {
  const [job, setJob] = useState(latest);
  // Controlled, so the range stays as typed after the form action (React resets uncontrolled fields).
  const [range, setRange] = useState(
    latest && ACTIVE.has(latest.state)
      ? { from: latest.from, to: latest.to }
      : { from: defaultFrom, to: defaultTo },
  );
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const active = job !== null && ACTIVE.has(job.state);

  useEffect(() => {
    if (!job || !ACTIVE.has(job.state)) return;
    const t = setTimeout(() => {
      apiFetch<BackfillJob>(`/api/v1/kpis/snapshots/jobs/${job.id}`)
        .then(setJob)
        .catch((e: Error) => setError(e.message));
    }, 1000);
    return () => clearTimeout(t);
  }, [job]);

  async function start(form: FormData) {
    setPending(true);
    setError(null);
    try {
      const body = { from: form.get("from"), to: form.get("to") };
      setRange({ from: String(body.from), to: String(body.to) });
      setJob(await apiFetch<BackfillJob>("/api/v1/kpis/snapshots", { method: "POST", body }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="stack">
      <form action={start} className="row">
        {(["from", "to"] as const).map((end) => (
          <label key={end}>
            {end === "from" ? "From" : "To"}{" "}
            <input
              name={end}
              type="date"
              required
              value={range[end]}
              onChange={(e) => setRange({ ...range, [end]: e.target.value })}
              disabled={active}
            />
          </label>
        ))}
        <button className="btn small" type="submit" disabled={pending || active}>
          Recompute snapshots
        </button>
      </form>
      {job ? (
        <div role="status" aria-live="polite">
          <div className={`small ${job.state === "failed" ? "bad" : "muted"}`}>{jobText(job, zone)}</div>
          {active ? (
            <progress
              max={Math.max(1, job.progress.daysTotal)}
              value={job.progress.daysDone}
              aria-label="Days computed"
              className="job-progress"
            />
          ) : null}
        </div>
      ) : null}
      {error ? (
        <div className="small bad" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
