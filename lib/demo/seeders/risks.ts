import "server-only";
import type { Actor } from "@/lib/audit/log";
import { createUser, generatePassword } from "@/lib/auth/users";
import { pool } from "@/lib/db/pool";
import { type Sql, sqlOfPg, withPgTransaction } from "@/lib/db/sql";
import { addLink, evaluateKpis } from "@/lib/risks/evidence";
import type { CreateRiskInput, PatchRiskInput } from "@/lib/risks/model";
import { createRisk, decideAcceptance, expireAcceptance, patchRisk, reviewRisk } from "@/lib/risks/service";
import type { Editor } from "@/lib/risks/store";
import { registerDemoSeeder } from "../registry";

// Risks are not ingested data: they are created through the register's own services (as a risk manager
// would), marked demo, with their history back-dated so the story ends just before ctx.now. The people
// are demo users (random passwords, nobody signs in as them) under the reserved .invalid domain.
const DEMO_DOMAIN = "demo.posture.invalid";
const PEOPLE = {
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
type Person = keyof typeof PEOPLE;

const DAY = 86_400_000;

interface Step {
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

interface DemoRisk {
  createdDaysAgo: number;
  by: Person;
  input: Omit<CreateRiskInput, "owner"> & { owner: Person };
  steps: Step[];
}

const k = (
  ref: string,
  label: string,
  cluster?: string,
  threshold?: number,
  direction?: "above" | "below",
) => ({
  kind: "kpi" as const,
  ref,
  label,
  cluster,
  threshold,
  direction,
});

const STORY: DemoRisk[] = [
  {
    createdDaysAgo: 62,
    by: "priya",
    input: {
      title: "Plaintext cross-cluster traffic eu-west-prod → us-east-prod",
      description:
        "Some east-west traffic between the EU and US clusters is not mutual TLS: workloads in namespaces without a STRICT PeerAuthentication fall back to plaintext through the east-west gateway. Customer data may cross the Atlantic unencrypted.",
      category: "mesh / mTLS",
      owner: "marco",
      clusters: ["eu-west-prod", "us-east-prod"],
      inherent: { likelihood: 4, impact: 5 },
      residual: { likelihood: 4, impact: 4 },
      target: { likelihood: 1, impact: 4 },
      confidence: "high",
      treatment: "mitigate",
      status: "open",
    },
    steps: [
      {
        daysAgo: 61,
        by: "priya",
        link: k(
          "mtlsCoverage.crossClusterPercent",
          "mTLS coverage, cross-cluster (eu-west-prod)",
          "eu-west-prod",
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
    createdDaysAgo: 58,
    by: "marco",
    input: {
      title: "PERMISSIVE mTLS kept for payments-legacy (mainframe bridge)",
      description:
        "The mainframe bridge cannot present a mesh identity; its namespace stays PERMISSIVE until the bridge is replaced (Q2).",
      category: "mesh / mTLS",
      owner: "marco",
      clusters: ["eu-west-prod"],
      inherent: { likelihood: 3, impact: 4 },
      residual: { likelihood: 2, impact: 4 },
      target: { likelihood: 1, impact: 4 },
      confidence: "medium",
      treatment: "accept",
    },
    steps: [
      {
        daysAgo: 26,
        by: "marco",
        patch: {
          acceptance: {
            approver: PEOPLE.priya.email,
            rationale:
              "Compensating controls: NetworkPolicy allows only the bridge pods; egress gateway denies everything else. Replacement funded for Q2.",
            expiresAt: "+45",
          },
        },
      },
      { daysAgo: 25, by: "priya", approve: true },
    ],
  },
  {
    createdDaysAgo: 55,
    by: "priya",
    input: {
      title: "Istio intermediate CA rotation failing on us-east-prod",
      description:
        "cert-manager renewals of the istiod intermediate failed twice (issuer rate limit). If the intermediate expires, every workload certificate in the cluster stops validating.",
      category: "certificates",
      owner: "lena",
      clusters: ["us-east-prod"],
      inherent: { likelihood: 3, impact: 5 },
      residual: { likelihood: 3, impact: 4 },
      target: { likelihood: 1, impact: 4 },
      confidence: "medium",
      treatment: "mitigate",
      status: "treating",
    },
    steps: [
      {
        daysAgo: 54,
        by: "priya",
        link: k(
          "rotationOnSchedule.percent",
          "Rotation on schedule (us-east-prod)",
          "us-east-prod",
          95,
          "below",
        ),
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
    createdDaysAgo: 50,
    by: "priya",
    input: {
      title: "Expired certificates still served by the edge ingress",
      description:
        "The x509 exporter reports certificates past notAfter on ingress hosts nobody owns any more.",
      category: "certificates",
      owner: "lena",
      clusters: ["eu-west-prod", "us-east-prod"],
      inherent: { likelihood: 3, impact: 4 },
      residual: { likelihood: 2, impact: 5 },
      target: { likelihood: 1, impact: 3 },
      confidence: "high",
    },
    steps: [
      {
        daysAgo: 49,
        by: "priya",
        link: k("certificates.expired", "Expired certificates in inventory", undefined, 0, "above"),
      },
    ],
  },
  {
    createdDaysAgo: 48,
    by: "marco",
    input: {
      title: "RSA-1024 and SHA-1 certificates on legacy workloads",
      category: "certificates",
      owner: "marco",
      clusters: ["eu-west-prod"],
      inherent: { likelihood: 2, impact: 4 },
      residual: { likelihood: 2, impact: 3 },
      target: { likelihood: 1, impact: 2 },
      confidence: "medium",
    },
    steps: [
      { daysAgo: 47, by: "marco", link: k("certificates.weak", "Weak certificates", undefined, 0, "above") },
    ],
  },
  {
    createdDaysAgo: 130,
    by: "marco",
    input: {
      title: "Workload certificates valid longer than 90 days",
      description:
        "Some workloads mount long-lived certificates from a Secret instead of SDS; a leaked key stays useful for a year.",
      category: "certificates",
      owner: "marco",
      clusters: ["us-east-prod"],
      inherent: { likelihood: 2, impact: 3 },
      residual: { likelihood: 2, impact: 3 },
      target: { likelihood: 1, impact: 3 },
      confidence: "low",
      treatment: "accept",
    },
    steps: [
      {
        daysAgo: 129,
        by: "marco",
        link: k("certificates.longLived", "Long-lived certificates", undefined, 0, "above"),
      },
      {
        daysAgo: 100,
        by: "marco",
        patch: {
          acceptance: {
            approver: PEOPLE.priya.email,
            rationale: "Until the SDS migration finishes.",
            expiresAt: "-9",
          },
        },
      },
      { daysAgo: 99, by: "priya", approve: true },
      { daysAgo: 9, by: "priya", expire: true },
    ],
  },
  {
    createdDaysAgo: 45,
    by: "priya",
    input: {
      title: "Namespaces without a default-deny AuthorizationPolicy",
      description: "Policy reports show failing checks for the 'require default deny' rule in 6 namespaces.",
      category: "policy",
      owner: "lena",
      clusters: ["eu-west-prod", "us-east-prod"],
      inherent: { likelihood: 4, impact: 3 },
      residual: { likelihood: 3, impact: 3 },
      target: { likelihood: 1, impact: 3 },
      confidence: "medium",
      status: "treating",
    },
    steps: [
      {
        daysAgo: 44,
        by: "priya",
        link: k("policy.compliance", "Policy compliance (fraction)", undefined, 0.95, "below"),
      },
    ],
  },
  {
    createdDaysAgo: 40,
    by: "lena",
    input: {
      title: "Gatekeeper constraints only in warn mode on staging",
      category: "policy",
      owner: "lena",
      clusters: ["eu-west-staging"],
      inherent: { likelihood: 3, impact: 2 },
      residual: { likelihood: 2, impact: 2 },
      target: { likelihood: 1, impact: 2 },
      confidence: "high",
      status: "treating",
    },
    steps: [],
  },
  {
    createdDaysAgo: 70,
    by: "priya",
    input: {
      title: "Identities from an unknown trust domain accepted at the east-west gateway",
      description:
        "The gateway trusts any SPIFFE ID signed by the shared root, including staging.acme.internal.",
      category: "identity",
      owner: "marco",
      clusters: ["eu-west-prod", "us-east-prod"],
      inherent: { likelihood: 3, impact: 5 },
      residual: { likelihood: 2, impact: 5 },
      target: { likelihood: 1, impact: 5 },
      confidence: "medium",
      reviewDue: "-5",
    },
    steps: [],
  },
  {
    createdDaysAgo: 35,
    by: "priya",
    input: {
      title: "Falco events are not routed to on-call",
      description:
        "Runtime detections land in a log bucket; nobody is paged. Route them through Alertmanager (falcosidekick).",
      category: "detection",
      owner: "lena",
      clusters: ["eu-west-prod", "us-east-prod"],
      inherent: { likelihood: 3, impact: 4 },
      residual: { likelihood: 3, impact: 3 },
      target: { likelihood: 2, impact: 3 },
      confidence: "medium",
      status: "treating",
    },
    steps: [
      {
        daysAgo: 34,
        by: "priya",
        link: k("mttd.medianSeconds", "Median time to detect (s)", undefined, 300, "above"),
      },
    ],
  },
  {
    createdDaysAgo: 90,
    by: "priya",
    input: {
      title: "One root CA shared by prod and staging trust domains",
      category: "identity",
      owner: "priya",
      clusters: ["eu-west-prod", "us-east-prod", "eu-west-staging"],
      inherent: { likelihood: 3, impact: 5 },
      residual: { likelihood: 3, impact: 5 },
      target: { likelihood: 1, impact: 5 },
      confidence: "high",
      treatment: "avoid",
    },
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
    createdDaysAgo: 15,
    by: "marco",
    input: {
      title: "Istio control plane two minor versions behind (CVE exposure)",
      description:
        "istiod 1.22 on us-east-prod; fixes for two Envoy CVEs need 1.24. Upgrade window after the peak season.",
      category: "vulnerability",
      owner: "marco",
      clusters: ["us-east-prod"],
      inherent: { likelihood: 3, impact: 4 },
      residual: { likelihood: 2, impact: 4 },
      target: { likelihood: 1, impact: 4 },
      confidence: "medium",
    },
    steps: [
      {
        daysAgo: 2,
        by: "marco",
        patch: {
          acceptance: {
            approver: PEOPLE.priya.email,
            rationale: "Exploit needs mesh-internal access; WAF rule deployed. Upgrade planned in January.",
            expiresAt: "+60",
          },
        },
      },
    ],
  },
  {
    createdDaysAgo: 28,
    by: "lena",
    input: {
      title: "Direct egress to the internet bypasses the egress gateway",
      category: "mesh / mTLS",
      owner: "lena",
      clusters: ["us-east-prod"],
      inherent: { likelihood: 4, impact: 3 },
      residual: { likelihood: 4, impact: 3 },
      target: { likelihood: 2, impact: 3 },
      confidence: "low",
    },
    steps: [],
  },
];

/** "+45" / "-9": days from now, as an ISO date. */
const rel = (now: Date, s: string) => new Date(now.getTime() + Number(s) * DAY).toISOString();

async function person(key: Person): Promise<{ id: string; editor: Editor }> {
  const p = PEOPLE[key];
  const sql = sqlOfPg(pool());
  let rows = await sql.query<{ id: string }>(`SELECT id FROM "user" WHERE email = $1`, [p.email]);
  if (!rows[0]) {
    await createUser(
      { type: "system", id: null, label: "posture demo" },
      { ...p, password: generatePassword() },
    );
    rows = await sql.query<{ id: string }>(`SELECT id FROM "user" WHERE email = $1`, [p.email]);
  }
  const actor: Actor = { type: "user", id: rows[0].id, label: `${p.email} (demo)` };
  return { id: rows[0].id, editor: { actor, userId: rows[0].id } };
}

const tx = <T>(fn: (sql: Sql) => Promise<T>) => withPgTransaction(pool(), (_c, sql) => fn(sql));

registerDemoSeeder({
  name: "risks",
  order: 90,
  async seed(ctx) {
    const sql = sqlOfPg(pool());
    const existing = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM risk WHERE demo`);
    if (existing[0].n > 0) return `${existing[0].n} demo risks already present`;
    const people = {} as Record<Person, Awaited<ReturnType<typeof person>>>;
    for (const key of Object.keys(PEOPLE) as Person[]) people[key] = await person(key);
    const now = ctx.now;
    const at = (daysAgo: number, n = 0) => new Date(now.getTime() - daysAgo * DAY + n * 60_000);
    let revisions = 0;
    for (const r of STORY) {
      const input: CreateRiskInput = {
        ...r.input,
        owner: people[r.input.owner].id,
        reviewDue: typeof r.input.reviewDue === "string" ? rel(now, r.input.reviewDue as string) : undefined,
      };
      let risk = await tx((s) =>
        createRisk(s, people[r.by].editor, input, { at: at(r.createdDaysAgo), demo: true }),
      );
      revisions++;
      for (const st of r.steps) {
        const when = at(st.daysAgo);
        const ed = people[st.by].editor;
        if (st.patch) {
          const p = { ...st.patch } as PatchRiskInput;
          if (p.acceptance)
            p.acceptance = { ...p.acceptance, expiresAt: rel(now, String(p.acceptance.expiresAt)) };
          // A past expiry cannot be requested "now"; request it as of `when` with the expiry after it.
          risk = (await tx((s) => patchRisk(s, ed, risk.id, { ...p, version: risk.version }, { at: when })))
            .risk;
        } else if (st.approve) {
          risk = (
            await tx((s) =>
              decideAcceptance(s, ed, risk.id, { version: risk.version, decision: "approve" }, { at: when }),
            )
          ).risk;
        } else if (st.review) {
          const links = await sql.query<{ id: string; ref: string; cluster: string | null }>(
            `SELECT id, ref, cluster FROM risk_link WHERE "riskId" = $1 AND kind = 'kpi'`,
            [risk.id],
          );
          const values = await evaluateKpis(links, when);
          const seen = new Map(links.map((l, i) => [l.id, values[i]]));
          risk = (
            await tx((s) =>
              reviewRisk(s, ed, risk.id, { version: risk.version, note: st.review }, seen, { at: when }),
            )
          ).risk;
        } else if (st.link) {
          const l = st.link;
          const [value] =
            l.kind === "kpi"
              ? await evaluateKpis([{ ref: l.ref, cluster: l.cluster ?? null }], when)
              : [null];
          risk = await tx((s) => addLink(s, ed, risk.id, l, when, value));
        } else if (st.expire) {
          const out = await tx((s) => expireAcceptance(s, { actor: ctx.actor, userId: null }, risk.id, when));
          if (out) risk = out.risk;
        }
        revisions++;
      }
    }
    // Daily evidence samples for the last two weeks (the worker adds one an hour from now on).
    const links = await sql.query<{ id: string; ref: string; cluster: string | null }>(
      `SELECT l.id, l.ref, l.cluster FROM risk_link l JOIN risk r ON r.id = l."riskId" WHERE r.demo AND l.kind = 'kpi'`,
    );
    for (let d = 13; d >= 0; d--) {
      const when = at(d);
      const values = await evaluateKpis(links, when);
      await sql.query(
        `INSERT INTO risk_evidence_sample ("linkId", at, value) SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::float8[])`,
        [links.map((l) => l.id), links.map(() => when), values],
      );
    }
    return `${STORY.length} risks with ${revisions} revisions, ${links.length} KPI evidence links`;
  },
  async wipe(sql) {
    const rows = await sql.query(`DELETE FROM risk WHERE demo RETURNING id`);
    await sql.query(`DELETE FROM "user" WHERE email LIKE $1`, [`%@${DEMO_DOMAIN}`]);
    return rows.length;
  },
});
