// The plain-language summary of an executive report, generated from its figures (pure; unit tested).
// Each sentence states numbers taken from the figures it was given and links to where they come from.
import {
  formatTarget,
  formatValue,
  METRICS,
  type MetricDef,
  type MetricKey,
  type Target,
  targetStatus,
} from "@/lib/kpi/targets";

export interface Figure {
  key: MetricKey;
  current: number | null;
  previous: number | null;
  target?: Target;
}

export interface SummaryInput {
  figures: Figure[];
  /** Why a figure moved, from the domain that owns it ("6 certificates of issuer X renewed late in eu-west-prod"). */
  causes?: Partial<Record<MetricKey, string>>;
  /** Incidents detected in the period (MTTD's n). */
  incidents?: number;
  /** Link suffix for evidence (the period and cluster as query string, starting with "?"). */
  query?: string;
  /** Where a figure's records are (lib/reports/drill.ts); else the figure's page with `query`. */
  hrefFor?: (key: MetricKey) => string;
}

export interface Sentence {
  text: string;
  href: string;
  metric: MetricKey | null;
  tone: "good" | "bad" | "neutral";
}

const defs = new Map<string, MetricDef>((METRICS as readonly MetricDef[]).map((m) => [m.key, m]));

/** A change too small to mention: under half a point for percentages, under 10 % (or 30 s) for durations. */
export function isMaterial(def: MetricDef, a: number, b: number): boolean {
  const d = Math.abs(b - a);
  switch (def.unit) {
    case "percent":
      return d >= 0.5;
    case "fraction":
      return d >= 0.005;
    case "seconds":
      return d >= 30 && d >= 0.1 * Math.max(Math.abs(a), Math.abs(b));
    case "count":
      return d >= 1;
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function verdict(def: MetricDef, prev: number, cur: number): "good" | "bad" | "neutral" {
  if (def.direction === "neutral" || prev === cur) return "neutral";
  return cur > prev === (def.direction === "up") ? "good" : "bad";
}

interface Ranked extends Sentence {
  rank: number;
}

export function summarise(input: SummaryInput): Sentence[] {
  const q = input.query ?? "";
  const out: Ranked[] = [];
  let withTarget = 0;
  let met = 0;
  let anyData = false;
  for (const f of input.figures) {
    const def = defs.get(f.key);
    if (!def) continue;
    if (f.current !== null) anyData = true;
    const status = targetStatus(f.current, f.target);
    if (status === "met" || status === "missed") withTarget++;
    if (status === "met") met++;
    const name = capital(def.plain);
    const cur = formatValue(f.current, def.unit);
    const targetText = f.target ? formatTarget(f.target, def.unit) : "";
    const targetClause =
      status === "missed"
        ? `, short of the target of ${targetText}`
        : status === "met"
          ? `, meeting the target of ${targetText}`
          : "";
    const cause = input.causes?.[f.key] ? `, because ${input.causes[f.key]}` : "";
    const href = input.hrefFor ? input.hrefFor(f.key) : `${def.href}${q}`;
    if (f.current === null) continue;
    if (f.previous !== null && isMaterial(def, f.previous, f.current)) {
      const tone = verdict(def, f.previous, f.current);
      const verb = f.current > f.previous ? "rose" : "fell";
      out.push({
        text: `${name} ${verb} from ${formatValue(f.previous, def.unit)} to ${cur}${targetClause}${cause}.`,
        href,
        metric: f.key,
        tone: status === "missed" ? "bad" : tone,
        rank: status === "missed" ? 0 : tone === "bad" ? 1 : tone === "good" ? 2 : 4,
      });
    } else if (status === "missed") {
      const was = f.previous === null ? "was" : "stayed at";
      out.push({
        text: `${name} ${was} ${cur}${targetClause}${cause}.`,
        href,
        metric: f.key,
        tone: "bad",
        rank: 0,
      });
    }
  }
  if (!anyData) {
    return [
      {
        text: "No posture data was received for this period, so there are no figures to report.",
        href: `/sources`,
        metric: null,
        tone: "neutral",
      },
    ];
  }
  out.sort((a, b) => a.rank - b.rank);
  const sentences: Sentence[] = out.slice(0, 6).map(({ rank: _r, ...s }) => s);
  if (withTarget > 0) {
    const head: Sentence =
      met === withTarget
        ? {
            text: `All ${withTarget} measured KPIs with a target met it.`,
            href: `/reports/executive${q}#kpis`,
            metric: null,
            tone: "good",
          }
        : {
            text: `${met} of ${withTarget} measured KPIs with a target met it.`,
            href: `/reports/executive${q}#kpis`,
            metric: null,
            tone: met === 0 ? "bad" : "neutral",
          };
    sentences.unshift(head);
  }
  if (input.incidents !== undefined) {
    const n = input.incidents;
    sentences.push({
      text:
        n === 0
          ? "No incidents were detected in the period."
          : `${n} incident${n === 1 ? " was" : "s were"} detected in the period.`,
      href: `/incidents${q}`,
      metric: "mttd.medianSeconds",
      tone: "neutral",
    });
  }
  return sentences;
}
