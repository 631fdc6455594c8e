import "server-only";
import { request } from "node:https";
import { z } from "zod";
import { registerConnector } from "@/lib/sources/connectors";

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
  timeoutSeconds: z.number().int().min(1).max(300).default(30),
});
export type KubernetesConfig = z.infer<typeof config>;

function getJson(url: URL, token: string, ca: string | undefined, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "GET",
        ca,
        headers: { authorization: `Bearer ${token}`, accept: "application/json" },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          if ((res.statusCode ?? 0) >= 300) {
            let msg = body.slice(0, 300);
            try {
              msg = (JSON.parse(body) as { message?: string }).message ?? msg;
            } catch {}
            reject(new Error(`GET ${url.pathname}: HTTP ${res.statusCode}: ${msg}`));
            return;
          }
          try {
            resolve(JSON.parse(body));
          } catch {
            reject(new Error(`GET ${url.pathname}: the response is not JSON`));
          }
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`GET ${url.pathname}: timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

/** Lists cert-manager Certificates (following `continue` pages) and sends them as one cert-manager snapshot. */
registerConnector<KubernetesConfig>({
  kind: "kubernetes",
  label: "Kubernetes API (cert-manager Certificates)",
  description:
    "Lists cert-manager Certificates from an API server with a bearer token and the API server's CA bundle",
  configSchema: config as z.ZodType<KubernetesConfig>,
  secretFields: ["bearerToken"],
  async pull(source, now) {
    if (!source.cluster)
      throw new Error("set the source's cluster: the Kubernetes API does not name its cluster");
    const token = source.secrets.bearerToken;
    if (!token) throw new Error("secret bearerToken is not set");
    const c = source.config;
    const paths = c.namespaces.length
      ? c.namespaces.map((ns) => `/apis/cert-manager.io/v1/namespaces/${ns}/certificates`)
      : ["/apis/cert-manager.io/v1/certificates"];
    const items: unknown[] = [];
    for (const p of paths) {
      let cont: string | undefined;
      do {
        const url = new URL(p, c.apiServer);
        url.searchParams.set("limit", "500");
        if (cont) url.searchParams.set("continue", cont);
        const page = (await getJson(url, token, c.caBundle, c.timeoutSeconds * 1000)) as {
          items?: unknown[];
          metadata?: { continue?: string };
        };
        if (!Array.isArray(page.items)) throw new Error(`GET ${url.pathname}: not a List (no items)`);
        items.push(...page.items);
        cont = page.metadata?.continue || undefined;
      } while (cont);
    }
    const envelope = {
      cluster: source.cluster,
      collectedAt: now.toISOString(),
      source: `kubernetes ${c.apiServer}`,
      payload: { apiVersion: "v1", kind: "List", items },
    };
    return [
      {
        kind: "certificates",
        format: "cert-manager",
        cluster: source.cluster,
        body: JSON.stringify(envelope),
        contentType: "application/json",
      },
    ];
  },
});
