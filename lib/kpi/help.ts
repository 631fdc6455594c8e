// "How is this computed": a short definition of every headline KPI in the product's own words (pure).
// Shown beside each KPI (components/ui/KpiHelp.tsx) and in full on /help/kpis; docs/kpis.md says the same.
import type { MetricKey } from "./targets";

export interface KpiHelpText {
  /** Anchor on /help/kpis (and the heading in docs/kpis.md). */
  anchor: string;
  title: string;
  text: string;
}

const MTTD: KpiHelpText = {
  anchor: "mttd",
  title: "MTTD (mean time to detect, shown as its median)",
  text: "For each incident detected in the period: detected − started. Started is the earliest linked evidence (Falco event, finding, denied decision, flow); with only its own alerts, their earliest start (then MTTD is 0). Incidents whose start is unknown are left out and counted as excluded. The headline is the median; mean and 90th percentile are shown beside it.",
};

export const KPI_HELP: Record<MetricKey, KpiHelpText> = {
  "rotationOnSchedule.percent": {
    anchor: "rotation-on-schedule",
    title: "Rotation on schedule",
    text: "Of the certificate versions whose renewal deadline fell in the period (and has passed), the share whose successor was issued by the deadline plus a short grace (the lesser of 1 hour and a tenth of the lifetime). The deadline is cert-manager's renewal time, else expiry − renewBefore, else two thirds of the lifetime. Late, missed and overdue renewals count against it; self-signed trust anchors are left out.",
  },
  "mtlsCoverage.percent": {
    anchor: "mtls-coverage",
    title: "mTLS coverage",
    text: "Requests plus TCP connections reported by the destination side with security policy mutual_tls, divided by all of them, in the period. A destination that reports 'unknown' counts as not mTLS.",
  },
  "mtlsCoverage.crossClusterPercent": {
    anchor: "cross-cluster-mtls",
    title: "Cross-cluster mTLS",
    text: "mTLS coverage over traffic whose source and destination are in different clusters only.",
  },
  "mttd.medianSeconds": MTTD,
  "timeToContainment.medianSeconds": {
    anchor: "time-to-containment",
    title: "Time to containment",
    text: "For each incident contained in the period: contained − detected. Contained is set by an operator, or, once every alert of the incident has resolved, the latest alert end. The headline is the median; mean and 90th percentile are shown beside it.",
  },
  "timeToResolve.medianSeconds": {
    anchor: "time-to-resolve",
    title: "Time to resolve",
    text: "For each incident resolved in the period (an operator marks it resolved): resolved − detected. Median, with mean and 90th percentile beside it.",
  },
  "policy.compliance": {
    anchor: "policy-compliance",
    title: "Policy compliance",
    text: "pass / (pass + fail + error) over the latest state of every policy report (Kyverno PolicyReports, Gatekeeper violations counted as fails), as of now. Warn and skip results are left out.",
  },
  "policy.denyRate": {
    anchor: "policy-deny-rate",
    title: "Policy deny rate",
    text: "Denied / all runtime policy decisions (OPA, Envoy, Istio, Cilium) in the period, deduplicated by decision id and timed by the decision itself. Neither good nor bad on its own: a change is what matters.",
  },
  "certificates.expired": {
    anchor: "expired-certificates",
    title: "Expired certificates",
    text: "Certificates in the current inventory (the newest version of each; one entry per certificate, however many sources saw it) that are past their expiry and were still reported or seen after it. Trust anchors (self-signed CAs) are listed apart.",
  },
  "certificates.expiring7d": {
    anchor: "expiring-certificates",
    title: "Expiring within 7 days",
    text: "Certificates in the current inventory that expire within the next 7 days.",
  },
  "certificates.weak": {
    anchor: "weak-certificates",
    title: "Weak certificates",
    text: "Certificates with an RSA key under 2048 bits, a DSA key, or a SHA-1/MD5 signature. Trust anchors (self-signed CAs) are not in the inventory: their self-signature is never checked.",
  },
  "risks.aboveAppetite": {
    anchor: "risks-above-appetite",
    title: "Risks above appetite",
    text: "Risks not closed whose residual level, from the configured risk matrix, is above the appetite level, as the register stood at the end of the period.",
  },
  "risks.overdueReview": {
    anchor: "risk-reviews-overdue",
    title: "Risk reviews overdue",
    text: "Risks not closed whose review date has passed. The review cadence follows the risk's residual level.",
  },
  "risks.open": {
    anchor: "open-risks",
    title: "Open risks",
    text: "Risks in the register that are not closed (open, in treatment or accepted) at the end of the period.",
  },
};

export function kpiHelp(key: string): KpiHelpText | undefined {
  return (KPI_HELP as Record<string, KpiHelpText>)[key];
}
