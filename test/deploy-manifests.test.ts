// The Kubernetes manifests under deploy/: every overlay renders with `kubectl kustomize`, every object
// validates against the Kubernetes schemas (kubernetes-models; CloudNativePG's Cluster against its CRD's),
// and the properties docs/install.md promises hold: Pod Security "restricted" on every pod, a default-deny
// NetworkPolicy, PodDisruptionBudgets and probes for web and worker, and secrets by reference only.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { WATCHED } from "@/lib/agent/resources";
// @ts-expect-error plain .mjs script without type declarations
import { findExecutable } from "../scripts/test-prerequisites.mjs";

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [k: string]: unknown;
};
type Container = {
  name: string;
  args?: string[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  securityContext?: Record<string, unknown>;
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  env?: { name: string; value?: string; valueFrom?: Record<string, unknown> }[];
};
type PodSpec = {
  securityContext?: Record<string, unknown>;
  containers: Container[];
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  volumes?: { name: string; secret?: { secretName: string }; emptyDir?: unknown }[];
};

const OVERLAYS = ["deploy/overlays/external-postgres", "deploy/overlays/cloudnativepg"];
// The in-cluster agent, applied once per watched cluster: held to the same rules, and to its own below.
const AGENT = "deploy/agent";
const kubectl = findExecutable("kubectl");

function render(dir: string): Obj[] {
  const out = execFileSync(kubectl as string, ["kustomize", dir], { encoding: "utf8" });
  return parseAllDocuments(out).map((d) => d.toJSON() as Obj);
}

/** The model class for an object's apiVersion and kind, from kubernetes-models (or the CRD's package). */
async function modelFor(o: Obj) {
  const [group, version] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : ["", o.apiVersion];
  if (group === "postgresql.cnpg.io") {
    const m = await import("@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1");
    return (m as Record<string, unknown>)[o.kind];
  }
  const path = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
  const m = await import(/* @vite-ignore */ path);
  return m[o.kind];
}

function podSpec(o: Obj): PodSpec | null {
  const spec = o.spec as { template?: { spec: PodSpec } } | undefined;
  return spec?.template?.spec ?? null;
}

/** Is `file` inside a read-only mount of a Secret volume of the container? */
function secretFileMounted(p: PodSpec, c: Container, file: string): boolean {
  return (c.volumeMounts ?? []).some(
    (m) =>
      m.readOnly === true &&
      file.startsWith(`${m.mountPath}/`) &&
      !!p.volumes?.find((v) => v.name === m.name)?.secret?.secretName,
  );
}

// kubectl (with its built-in kustomize) is not a Debian package, so npm test cannot install it: a machine
// without it skips these tests, and the skip shows in npm test's closing count.
describe.skipIf(!kubectl)("deploy/ manifests", () => {
  for (const dir of [...OVERLAYS, AGENT]) {
    describe(dir, () => {
      const objects = kubectl ? render(dir) : [];

      it("renders objects that validate against their schemas", async () => {
        expect(objects.length).toBeGreaterThan(5);
        for (const o of objects) {
          const Model = (await modelFor(o)) as (new (data: unknown) => { validate(): void }) | undefined;
          expect(Model, `${o.apiVersion} ${o.kind} has a schema`).toBeDefined();
          expect(
            () => new (Model as NonNullable<typeof Model>)(o).validate(),
            `${o.kind}/${o.metadata.name}`,
          ).not.toThrow();
        }
      });

      it("runs every pod under Pod Security restricted, in a namespace that enforces it", () => {
        const ns = objects.find((o) => o.kind === "Namespace");
        expect(
          (ns?.metadata as { labels?: Record<string, string> } | undefined)?.labels?.[
            "pod-security.kubernetes.io/enforce"
          ],
        ).toBe("restricted");
        const pods = objects.map(podSpec).filter((p): p is PodSpec => p !== null);
        expect(pods.length).toBeGreaterThan(0);
        for (const p of pods) {
          expect(p.securityContext).toMatchObject({
            runAsNonRoot: true,
            seccompProfile: { type: "RuntimeDefault" },
          });
          for (const c of p.containers) {
            expect(c.securityContext, c.name).toMatchObject({
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              runAsNonRoot: true,
              capabilities: { drop: ["ALL"] },
            });
            expect(c.livenessProbe, `${c.name} liveness probe`).toBeDefined();
          }
        }
      });

      it("denies all traffic by default and holds no secret values", () => {
        const deny = objects.find(
          (o) =>
            o.kind === "NetworkPolicy" &&
            JSON.stringify((o.spec as { podSelector: unknown }).podSelector) === "{}" &&
            !(o.spec as { ingress?: unknown }).ingress &&
            !(o.spec as { egress?: unknown }).egress,
        );
        expect(deny?.spec).toMatchObject({ policyTypes: ["Ingress", "Egress"] });
        expect(objects.filter((o) => o.kind === "Secret")).toEqual([]);
        for (const p of objects.map(podSpec).filter((x): x is PodSpec => x !== null)) {
          for (const c of p.containers) {
            for (const e of c.env ?? []) {
              // Credentials come from Secrets by reference, never as literal values; a *_FILE variable
              // names a file of a mounted Secret instead (the agent's token).
              if (/_FILE$/.test(e.name)) expect(secretFileMounted(p, c, e.value ?? ""), e.name).toBe(true);
              else if (/SECRET|PASSWORD|TOKEN|DATABASE_URL/.test(e.name))
                expect(e.valueFrom, e.name).toHaveProperty("secretKeyRef");
            }
          }
        }
      });
    });
  }

  it("gives web and worker replicas, disruption budgets and a readiness probe on the web server", () => {
    for (const dir of OVERLAYS) {
      const objects = render(dir);
      for (const name of ["posture-web", "posture-worker"]) {
        const d = objects.find((o) => o.kind === "Deployment" && o.metadata.name === name);
        expect((d?.spec as { replicas: number } | undefined)?.replicas, name).toBeGreaterThanOrEqual(2);
      }
      expect(
        objects
          .filter((o) => o.kind === "PodDisruptionBudget")
          .map((o) => o.metadata.name)
          .sort(),
      ).toEqual(["posture-web", "posture-worker"]);
      const web = objects.find((o) => o.metadata.name === "posture-web" && o.kind === "Deployment") as Obj;
      expect(podSpec(web)?.containers[0].readinessProbe).toBeDefined();
    }
  });

  it("takes the database URL from CloudNativePG's application Secret in that overlay", () => {
    const objects = render("deploy/overlays/cloudnativepg");
    const web = objects.find((o) => o.metadata.name === "posture-web" && o.kind === "Deployment") as Obj;
    const env = podSpec(web)?.containers[0].env?.find((e) => e.name === "DATABASE_URL");
    expect(env?.valueFrom).toEqual({ secretKeyRef: { name: "posture-db-app", key: "uri" } });
    expect(objects.find((o) => o.kind === "Cluster")?.metadata.name).toBe("posture-db");
  });
});

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };

describe.skipIf(!kubectl)("deploy/agent: the in-cluster agent", () => {
  const objects = kubectl ? render(AGENT) : [];
  const role = objects.find((o) => o.kind === "ClusterRole") as Obj & { rules: Rule[] };

  it("may only read (get/list/watch), and only what the agent watches: never Secrets, never a wildcard", () => {
    expect(objects.filter((o) => o.kind === "Role" || o.kind === "ClusterRole")).toHaveLength(1);
    for (const r of role.rules) {
      expect(
        r.verbs.filter((v) => !["get", "list", "watch"].includes(v)),
        JSON.stringify(r),
      ).toEqual([]);
      expect(r.resources).not.toContain("secrets");
      expect([...r.apiGroups, ...r.resources, ...r.verbs]).not.toContain("*");
      expect(r.apiGroups).not.toContain(""); // nothing of the core group (Secrets, ConfigMaps, Pods…)
    }
    // Exactly the resources the code watches (lib/agent/resources.ts), each with list and watch.
    const granted = role.rules.flatMap((r) =>
      r.apiGroups.flatMap((g) =>
        r.resources
          .filter(() => r.verbs.includes("watch") && r.verbs.includes("list"))
          .map((res) => `${g}/${res}`),
      ),
    );
    expect(granted.sort()).toEqual(WATCHED.map((w) => `${w.group}/${w.plural}`).sort());
  });

  it("binds that role to the agent's ServiceAccount, and the one-replica Deployment runs as it", () => {
    const binding = objects.find((o) => o.kind === "ClusterRoleBinding") as Obj & {
      roleRef: { kind: string; name: string };
      subjects: { kind: string; name: string; namespace: string }[];
    };
    expect(binding.roleRef).toMatchObject({ kind: "ClusterRole", name: role.metadata.name });
    expect(binding.subjects).toEqual([
      { kind: "ServiceAccount", name: "posture-agent", namespace: "posture-agent" },
    ]);
    const deployments = objects.filter((o) => o.kind === "Deployment");
    expect(deployments).toHaveLength(1);
    expect(deployments[0].spec).toMatchObject({ replicas: 1, strategy: { type: "Recreate" } });
    const pod = podSpec(deployments[0]) as PodSpec;
    expect(pod.serviceAccountName).toBe("posture-agent");
    expect(pod.containers[0].args).toEqual(["agent"]);
  });

  it("keeps its state in an emptyDir on a read-only root, and takes its token from a Secret by reference", () => {
    const pod = podSpec(objects.find((o) => o.kind === "Deployment") as Obj) as PodSpec;
    const c = pod.containers[0];
    const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e]));
    const stateMount = c.volumeMounts?.find((m) =>
      env.POSTURE_AGENT_STATE_DIR.value?.startsWith(m.mountPath),
    );
    expect(pod.volumes?.find((v) => v.name === stateMount?.name)?.emptyDir).toBeDefined();
    expect(env.POSTURE_AGENT_TOKEN_FILE.value).toBe("/var/run/posture-agent/token");
    expect(pod.volumes?.find((v) => v.secret)?.secret).toMatchObject({ secretName: "posture-agent-token" });
    expect(objects.filter((o) => o.kind === "Secret")).toEqual([]);
    expect(c.livenessProbe).toMatchObject({ httpGet: { path: "/healthz", port: "health" } });
  });
});
