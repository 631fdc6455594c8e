import "server-only";
import { z } from "zod";
import { checkedFetch, httpError, OutboundError } from "@/lib/net/outbound";
import { type PulledPayload, registerConnector } from "@/lib/sources/connectors";

const config = z.object({
  /** The API server, e.g. https://10.0.0.1:6443 */
  apiServer: z
    .string()
    .url()
    .refine((u) => u.startsWith("https://"), "the API server must be https://"),
  /** PEM CA bundle that signs the API server's certificate (kubeconfig certificate-authority-data, decoded). */
  caBundle: z
    .string()
    .includes("-----BEGIN CERTIFICATE-----", { message: "caBundle must be PEM" })
    .optional(),
  /** Limit to these namespaces; all namespaces when empty. */
  namespaces: z.array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)).default([]),
  /** Also list policy reports (wgpolicyk8s.io, reports.x-k8s.io, openreports.io) where they are installed. */
  policyReports: z.boolean().default(true),
  timeoutSeconds: z.number().int().min(1).max(300).default(30),
});
export type KubernetesConfig = z.infer<typeof config>;

/** The token may not read this path (RBAC). */
class ForbiddenError extends Error {}

interface Api {
  base: string;
  token: string;
  ca: string | undefined;
  timeoutMs: number;
}

/** GET → parsed JSON, or null on 404 when `missingOk`. Errors name the path and status, never the body. */
async function getJson(api: Api, url: URL, missingOk = false): Promise<unknown> {
  let res: Awaited<ReturnType<typeof checkedFetch>>;
  try {
    res = await checkedFetch(url, {
      headers: { authorization: `Bearer ${api.token}`, accept: "application/json" },
      ca: api.ca,
      timeoutMs: api.timeoutMs,
    });
  } catch (e) {
    throw new Error(`GET ${url.pathname}: ${e instanceof OutboundError ? e.message : "request failed"}`);
  }
  if (res.status === 404 && missingOk) return null;
  if (res.status === 403) throw new ForbiddenError(`GET ${url.pathname}: ${httpError(403)}`);
  if (!res.ok) throw new Error(`GET ${url.pathname}: ${httpError(res.status)}`);
  try {
    return JSON.parse(res.body.toString("utf8"));
  } catch {
    throw new Error(`GET ${url.pathname}: the response is not JSON`);
  }
}

/** Every item of a list path, following `continue` pages. Items get the kind/apiVersion the API server leaves out. */
async function listAll(api: Api, path: string, apiVersion: string, kind: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let cont: string | undefined;
  do {
    const url = new URL(path, api.base);
    url.searchParams.set("limit", "500");
    if (cont) url.searchParams.set("continue", cont);
    const page = (await getJson(api, url)) as { items?: unknown[]; metadata?: { continue?: string } };
    if (!Array.isArray(page?.items)) throw new Error(`GET ${url.pathname}: not a List (no items)`);
    for (const it of page.items)
      items.push(it && typeof it === "object" ? { apiVersion, kind, ...(it as object) } : it);
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return items;
}

/** The served version of an API group (discovery), or null when the group is not installed. */
async function preferredVersion(api: Api, group: string): Promise<string | null> {
  const doc = (await getJson(api, new URL(`/apis/${group}`, api.base), true)) as {
    preferredVersion?: { version?: string };
    versions?: { version?: string }[];
  } | null;
  return doc?.preferredVersion?.version ?? doc?.versions?.[0]?.version ?? null;
}

/** The report CRDs Posture reads: the wg-policy groups (old and new) and their successor, openreports. */
const REPORT_GROUPS = [
  {
    group: "wgpolicyk8s.io",
    namespaced: ["policyreports", "PolicyReport"],
    cluster: ["clusterpolicyreports", "ClusterPolicyReport"],
  },
  {
    group: "reports.x-k8s.io",
    namespaced: ["policyreports", "PolicyReport"],
    cluster: ["clusterpolicyreports", "ClusterPolicyReport"],
  },
  {
    group: "openreports.io",
    namespaced: ["reports", "Report"],
    cluster: ["clusterreports", "ClusterReport"],
  },
] as const;

async function listReports(api: Api, namespaces: string[]): Promise<unknown[]> {
  const items: unknown[] = [];
  for (const g of REPORT_GROUPS) {
    const version = await preferredVersion(api, g.group);
    if (!version) continue;
    const gv = `${g.group}/${version}`;
    const [plural, kind] = g.namespaced;
    if (namespaces.length) {
      for (const ns of namespaces)
        items.push(...(await listAll(api, `/apis/${gv}/namespaces/${ns}/${plural}`, gv, kind)));
    } else {
      items.push(...(await listAll(api, `/apis/${gv}/${plural}`, gv, kind)));
      // Cluster-scoped reports belong to no namespace: read them only when the whole cluster is read.
      items.push(...(await listAll(api, `/apis/${gv}/${g.cluster[0]}`, gv, g.cluster[1])));
    }
  }
  return items;
}

/**
 * Lists cert-manager Certificates (one cert-manager snapshot) and, where installed, the cluster's policy
 * reports (one policyreport List, handed to the same `policyreport` format pushed reports use).
 */
registerConnector<KubernetesConfig>({
  kind: "kubernetes",
  label: "Kubernetes API (cert-manager Certificates, policy reports)",
  description:
    "Lists cert-manager Certificates and PolicyReports / ClusterPolicyReports (wgpolicyk8s.io, reports.x-k8s.io) and openreports.io Reports / ClusterReports from an API server, with a bearer token and the API server's CA bundle",
  configSchema: config as z.ZodType<KubernetesConfig>,
  secretFields: ["bearerToken"],
  secretHelp: {
    bearerToken: {
      label: "Service account token",
      help: "A token allowed to get/list certificates.cert-manager.io and the policy report CRDs (read only).",
    },
  },
  fields: [
    {
      key: "apiServer",
      label: "API server",
      type: "url",
      required: true,
      placeholder: "https://10.0.0.1:6443",
      help: "The cluster's API server (https only), as in the kubeconfig's server: line.",
    },
    {
      key: "caBundle",
      label: "CA bundle (PEM)",
      type: "pem",
      placeholder: "-----BEGIN CERTIFICATE-----",
      help: "The kubeconfig's certificate-authority-data, base64-decoded. Empty: the system's trusted CAs.",
    },
    {
      key: "namespaces",
      label: "Namespaces",
      type: "list",
      placeholder: "payments, checkout",
      help: "One per line or comma separated. Empty: all namespaces (and cluster-scoped reports).",
    },
    {
      key: "policyReports",
      label: "Also read policy reports",
      type: "checkbox",
      initial: true,
      help: "PolicyReports (wgpolicyk8s.io, reports.x-k8s.io) and openreports.io Reports, where installed.",
    },
    {
      key: "timeoutSeconds",
      label: "Timeout",
      type: "number",
      unit: "seconds",
      initial: 30,
      help: "Per request.",
    },
  ],
  targets: (c) => [new URL(c.apiServer).hostname],
  async test(c, secrets) {
    if (!secrets.bearerToken) return { ok: false, message: "Enter the service account token to test with." };
    const api: Api = {
      base: c.apiServer,
      token: secrets.bearerToken,
      ca: c.caBundle,
      timeoutMs: c.timeoutSeconds * 1000,
    };
    // Discovery of cert-manager's group: proves TLS, the token, and whether cert-manager is there.
    try {
      const cm = await preferredVersion(api, "cert-manager.io");
      return {
        ok: true,
        message: cm
          ? `API server reachable and the token accepted; cert-manager.io/${cm} is installed`
          : "API server reachable and the token accepted; cert-manager is not installed",
      };
    } catch (e) {
      return { ok: false, message: (e as Error).message };
    }
  },
  async pull(source, now) {
    if (!source.cluster)
      throw new Error("set the source's cluster: the Kubernetes API does not name its cluster");
    const token = source.secrets.bearerToken;
    if (!token) throw new Error("secret bearerToken is not set");
    const c = source.config;
    const api: Api = { base: c.apiServer, token, ca: c.caBundle, timeoutMs: c.timeoutSeconds * 1000 };
    const envelope = (payload: unknown) =>
      JSON.stringify({
        cluster: source.cluster,
        collectedAt: now.toISOString(),
        source: `kubernetes ${c.apiServer}`,
        payload,
      });
    const out: PulledPayload[] = [];
    // cert-manager is optional like the report CRDs: a cluster may run Kyverno without it.
    const cm = await preferredVersion(api, "cert-manager.io");
    if (cm) {
      const gv = `cert-manager.io/${cm}`;
      const paths = c.namespaces.length
        ? c.namespaces.map((ns) => `/apis/${gv}/namespaces/${ns}/certificates`)
        : [`/apis/${gv}/certificates`];
      const items: unknown[] = [];
      for (const p of paths) items.push(...(await listAll(api, p, gv, "Certificate")));
      // Sent also when empty: an empty listing says the cluster holds no Certificates now.
      out.push({
        kind: "certificates",
        format: "cert-manager",
        cluster: source.cluster,
        body: envelope({ apiVersion: "v1", kind: "List", items }),
        contentType: "application/json",
      });
    }
    const warnings: string[] = [];
    if (c.policyReports) {
      let reports: unknown[] = [];
      try {
        reports = await listReports(api, c.namespaces);
      } catch (e) {
        // A token allowed to read Certificates but not reports keeps its certificates flowing.
        if (!(e instanceof ForbiddenError)) throw e;
        warnings.push(
          `${e.message}: policy reports not read (grant list on them, or set policyReports: false)`,
        );
      }
      if (reports.length)
        out.push({
          kind: "policy",
          format: "policyreport",
          cluster: source.cluster,
          // A List is read as the cluster's full listing (reports it no longer holds are gone); a listing
          // limited to some namespaces is not one, so it goes as a plain array of reports.
          body: envelope(c.namespaces.length ? reports : { apiVersion: "v1", kind: "List", items: reports }),
          contentType: "application/json",
        });
    }
    if (!out.length && !cm)
      throw new Error(
        c.policyReports
          ? "neither cert-manager nor a policy report CRD (wgpolicyk8s.io, reports.x-k8s.io, openreports.io) is installed"
          : "cert-manager is not installed (no cert-manager.io API group)",
      );
    return { payloads: out, warnings };
  },
});
