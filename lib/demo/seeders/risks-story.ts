import type { CreateRiskInput, PatchRiskInput } from "@/lib/risks/model";

// The demo risk register as data: thirteen risks and what happened to each, in days before now. The
// seeder (risks.ts) plays it through the register's own services. One entry a risk: what it is, who filed
// it when and who owns it, its scores (likelihood, impact), and its history.

export const DEMO_DOMAIN = "demo.posture.invalid";
export const PEOPLE = {
  priya: {
    email: `priya.shah@${DEMO_DOMAIN}`,
    name: "Priya Shah (CISO office)",
    role: "risk_manager" as const,
  },
  marco: {
    email: `marco.rossi@${DEMO_DOMAIN}`,
    name: "Marco Rossi (platform)",
    role: "risk_manager" as const,
  },
  lena: { email: `lena.weber@${DEMO_DOMAIN}`, name: "Lena Weber (SRE)", role: "operator" as const },
};
export type Person = keyof typeof PEOPLE;

export interface Step {
  /** Days before now. */
  daysAgo: number;
  by: Person;
  patch?: Omit<PatchRiskInput, "version">;
  review?: string;
  approve?: boolean;
  link?: {
    kind: "kpi" | "finding" | "incident";
    ref: string;
    cluster?: string;
    label: string;
    threshold?: number;
    direction?: "above" | "below";
  };
  /** Run the expiry as the worker would, at this many days ago. */
  expire?: boolean;
}

export interface DemoRisk {
  createdDaysAgo: number;
  by: Person;
  input: Omit<CreateRiskInput, "owner"> & { owner: Person };
  steps: Step[];
}

type Scores = [likelihood: number, impact: number];
type Input = Omit<
  CreateRiskInput,
  "owner" | "title" | "category" | "clusters" | "inherent" | "residual" | "target"
>;

/** One risk of the story, written compactly; `risk` turns it into the register's create input. */
interface Entry {
  title: string;
  description?: string;
  filed: { daysAgo: number; by: Person; owner: Person; category: string; clusters: string[] };
  scores: { inherent: Scores; residual: Scores; target: Scores };
  /** Confidence, treatment, status and review date where they differ from the register's defaults. */
  plan: Pick<Input, "confidence" | "treatment" | "status" | "reviewDue">;
  steps: Step[];
}

const score = ([likelihood, impact]: Scores) => ({ likelihood, impact });

function risk(e: Entry): DemoRisk {
  const { daysAgo, by, owner, category, clusters } = e.filed;
  const description = e.description === undefined ? {} : { description: e.description };
  return {
    createdDaysAgo: daysAgo,
    by,
    input: {
      title: e.title,
      ...description,
      category,
      owner,
      clusters,
      inherent: score(e.scores.inherent),
      residual: score(e.scores.residual),
      target: score(e.scores.target),
      ...e.plan,
    },
    steps: e.steps,
  };
}

/** A KPI evidence link: the KPI, its label, the cluster it is read for, and the threshold it must keep. */
const kpi = (
  ref: string,
  label: string,
  cluster?: string,
  threshold?: number,
  direction?: "above" | "below",
) => ({ kind: "kpi" as const, ref, label, cluster, threshold, direction });

/** An acceptance request: the approver, why, and its expiry in days from now ("+45", "-9"). */
const acceptance = (rationale: string, expiresAt: string) => ({
  acceptance: { approver: PEOPLE.priya.email, rationale, expiresAt },
});

const EU = "eu-west-prod";
const US = "us-east-prod";
const STAGING = "eu-west-staging";

const ENTRIES: Entry[] = [
  {
    title: "Plaintext cross-cluster traffic eu-west-prod → us-east-prod",
    description:
      "Some east-west traffic between the EU and US clusters is not mutual TLS: workloads in namespaces without a STRICT PeerAuthentication fall back to plaintext through the east-west gateway. Customer data may cross the Atlantic unencrypted.",
    filed: { daysAgo: 62, by: "priya", owner: "marco", category: "mesh / mTLS", clusters: [EU, US] },
    scores: { inherent: [4, 5], residual: [4, 4], target: [1, 4] },
    plan: { confidence: "high", treatment: "mitigate", status: "open" },
    steps: [
      {
        daysAgo: 61,
        by: "priya",
        link: kpi(
          "mtlsCoverage.crossClusterPercent",
          `mTLS coverage, cross-cluster (${EU})`,
          EU,
          99,
          "below",
        ),
      },
      {
        daysAgo: 40,
        by: "marco",
        patch: { status: "treating", note: "STRICT PeerAuthentication rolled out to shop and payments." },
      },
      {
        daysAgo: 21,
        by: "marco",
        patch: { residual: { likelihood: 3, impact: 4 }, note: "Two of five namespaces still PERMISSIVE." },
      },
      { daysAgo: 20, by: "priya", review: "Coverage improving; keep the 99 % threshold." },
    ],
  },
  {
    title: "PERMISSIVE mTLS kept for payments-legacy (mainframe bridge)",
    description:
      "The mainframe bridge cannot present a mesh identity; its namespace stays PERMISSIVE until the bridge is replaced (Q2).",
    filed: { daysAgo: 58, by: "marco", owner: "marco", category: "mesh / mTLS", clusters: [EU] },
    scores: { inherent: [3, 4], residual: [2, 4], target: [1, 4] },
    plan: { confidence: "medium", treatment: "accept" },
    steps: [
      {
        daysAgo: 26,
        by: "marco",
        patch: acceptance(
          "Compensating controls: NetworkPolicy allows only the bridge pods; egress gateway denies everything else. Replacement funded for Q2.",
          "+45",
        ),
      },
      { daysAgo: 25, by: "priya", approve: true },
    ],
  },
  {
    title: "Istio intermediate CA rotation failing on us-east-prod",
    description:
      "cert-manager renewals of the istiod intermediate failed twice (issuer rate limit). If the intermediate expires, every workload certificate in the cluster stops validating.",
    filed: { daysAgo: 55, by: "priya", owner: "lena", category: "certificates", clusters: [US] },
    scores: { inherent: [3, 5], residual: [3, 4], target: [1, 4] },
    plan: { confidence: "medium", treatment: "mitigate", status: "treating" },
    steps: [
      {
        daysAgo: 54,
        by: "priya",
        link: kpi("rotationOnSchedule.percent", `Rotation on schedule (${US})`, US, 95, "below"),
      },
      {
        daysAgo: 30,
        by: "lena",
        patch: {
          note: "Renewal moved to a second issuer; alert on certmanager_certificate_ready_status added.",
        },
      },
      {
        daysAgo: 12,
        by: "priya",
        review: "Rotation back on schedule for 2 weeks; keep open until the next cycle.",
      },
    ],
  },
  {
    title: "Expired certificates still served by the edge ingress",
    description:
      "The x509 exporter reports certificates past notAfter on ingress hosts nobody owns any more.",
    filed: { daysAgo: 50, by: "priya", owner: "lena", category: "certificates", clusters: [EU, US] },
    scores: { inherent: [3, 4], residual: [2, 5], target: [1, 3] },
    plan: { confidence: "high" },
    steps: [
      {
        daysAgo: 49,
        by: "priya",
        link: kpi("certificates.expired", "Expired certificates in inventory", undefined, 0, "above"),
      },
    ],
  },
  {
    title: "RSA-1024 and SHA-1 certificates on legacy workloads",
    filed: { daysAgo: 48, by: "marco", owner: "marco", category: "certificates", clusters: [EU] },
    scores: { inherent: [2, 4], residual: [2, 3], target: [1, 2] },
    plan: { confidence: "medium" },
    steps: [
      {
        daysAgo: 47,
        by: "marco",
        link: kpi("certificates.weak", "Weak certificates", undefined, 0, "above"),
      },
    ],
  },
  {
    title: "Workload certificates valid longer than 90 days",
    description:
      "Some workloads mount long-lived certificates from a Secret instead of SDS; a leaked key stays useful for a year.",
    filed: { daysAgo: 130, by: "marco", owner: "marco", category: "certificates", clusters: [US] },
    scores: { inherent: [2, 3], residual: [2, 3], target: [1, 3] },
    plan: { confidence: "low", treatment: "accept" },
    steps: [
      {
        daysAgo: 129,
        by: "marco",
        link: kpi("certificates.longLived", "Long-lived certificates", undefined, 0, "above"),
      },
      { daysAgo: 100, by: "marco", patch: acceptance("Until the SDS migration finishes.", "-9") },
      { daysAgo: 99, by: "priya", approve: true },
      { daysAgo: 9, by: "priya", expire: true },
    ],
  },
  {
    title: "Namespaces without a default-deny AuthorizationPolicy",
    description: "Policy reports show failing checks for the 'require default deny' rule in 6 namespaces.",
    filed: { daysAgo: 45, by: "priya", owner: "lena", category: "policy", clusters: [EU, US] },
    scores: { inherent: [4, 3], residual: [3, 3], target: [1, 3] },
    plan: { confidence: "medium", status: "treating" },
    steps: [
      {
        daysAgo: 44,
        by: "priya",
        link: kpi("policy.compliance", "Policy compliance (fraction)", undefined, 0.95, "below"),
      },
    ],
  },
  {
    title: "Gatekeeper constraints only in warn mode on staging",
    filed: { daysAgo: 40, by: "lena", owner: "lena", category: "policy", clusters: [STAGING] },
    scores: { inherent: [3, 2], residual: [2, 2], target: [1, 2] },
    plan: { confidence: "high", status: "treating" },
    steps: [],
  },
  {
    title: "Identities from an unknown trust domain accepted at the east-west gateway",
    description:
      "The gateway trusts any SPIFFE ID signed by the shared root, including staging.acme.internal.",
    filed: { daysAgo: 70, by: "priya", owner: "marco", category: "identity", clusters: [EU, US] },
    scores: { inherent: [3, 5], residual: [2, 5], target: [1, 5] },
    plan: { confidence: "medium", reviewDue: "-5" },
    steps: [],
  },
  {
    title: "Falco events are not routed to on-call",
    description:
      "Runtime detections land in a log bucket; nobody is paged. Route them through Alertmanager (falcosidekick).",
    filed: { daysAgo: 35, by: "priya", owner: "lena", category: "detection", clusters: [EU, US] },
    scores: { inherent: [3, 4], residual: [3, 3], target: [2, 3] },
    plan: { confidence: "medium", status: "treating" },
    steps: [
      {
        daysAgo: 34,
        by: "priya",
        link: kpi("mttd.medianSeconds", "Median time to detect (s)", undefined, 300, "above"),
      },
    ],
  },
  {
    title: "One root CA shared by prod and staging trust domains",
    filed: { daysAgo: 90, by: "priya", owner: "priya", category: "identity", clusters: [EU, US, STAGING] },
    scores: { inherent: [3, 5], residual: [3, 5], target: [1, 5] },
    plan: { confidence: "high", treatment: "avoid" },
    steps: [
      {
        daysAgo: 60,
        by: "priya",
        patch: { status: "treating", note: "Separate roots issued; staging moving." },
      },
      {
        daysAgo: 11,
        by: "priya",
        patch: {
          status: "closed",
          residual: { likelihood: 1, impact: 5 },
          note: "Staging now chains to its own root.",
        },
      },
    ],
  },
  {
    title: "Istio control plane two minor versions behind (CVE exposure)",
    description:
      "istiod 1.22 on us-east-prod; fixes for two Envoy CVEs need 1.24. Upgrade window after the peak season.",
    filed: { daysAgo: 15, by: "marco", owner: "marco", category: "vulnerability", clusters: [US] },
    scores: { inherent: [3, 4], residual: [2, 4], target: [1, 4] },
    plan: { confidence: "medium" },
    steps: [
      {
        daysAgo: 2,
        by: "marco",
        patch: acceptance(
          "Exploit needs mesh-internal access; WAF rule deployed. Upgrade planned in January.",
          "+60",
        ),
      },
    ],
  },
  {
    title: "Direct egress to the internet bypasses the egress gateway",
    filed: { daysAgo: 28, by: "lena", owner: "lena", category: "mesh / mTLS", clusters: [US] },
    scores: { inherent: [4, 3], residual: [4, 3], target: [2, 3] },
    plan: { confidence: "low" },
    steps: [],
  },
];

export const STORY: DemoRisk[] = ENTRIES.map(risk);
