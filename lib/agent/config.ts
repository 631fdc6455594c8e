// The in-cluster agent's configuration: command-line flags (`posture agent --cluster …`) over environment
// variables (what the Deployment in deploy/agent sets), validated once like lib/config/env.ts. The agent
// needs no database and no POSTURE_SECRET: only the centre's URL, an ingest token and the API server.
import { z } from "zod";

const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9._]{0,61}[a-z0-9])?$/;

const positiveInt = z.coerce.number().int().positive();

const schema = z
  .object({
    cluster: z
      .string({ error: "--cluster (POSTURE_AGENT_CLUSTER) is required" })
      .regex(CLUSTER_NAME, "--cluster: a cluster name (lower-case letters, digits, '-', '.', '_')"),
    url: z
      .string({ error: "--url (POSTURE_URL) is required: the central Posture's base URL" })
      .url("--url: not a URL")
      .refine((u) => /^https?:\/\//.test(u), "--url: http(s) only"),
    tokenFile: z.string({
      error: "--token-file (POSTURE_AGENT_TOKEN_FILE) is required: a file holding the ingest token",
    }),
    // The API server: in-cluster by default; --kube-url/--kube-ca/--kube-token-file name another one.
    kubeUrl: z
      .string()
      .url("--kube-url: not a URL")
      .refine((u) => u.startsWith("https://"), "--kube-url: the API server must be https://"),
    kubeCa: z.string().optional(),
    kubeTokenFile: z.string(),
    stateDir: z.string().default("/tmp/posture-agent"),
    healthPort: z.coerce.number().int().min(0).max(65535).default(8080),
    // Changes held while the centre cannot be reached; past either bound the oldest are dropped.
    bufferEvents: positiveInt.default(10_000),
    bufferBytes: positiveInt.default(64 * 1024 * 1024),
    flushMs: positiveInt.default(2_000),
    heartbeatMs: positiveInt.default(30_000),
    // The API server closes each watch after about this long; the agent then watches again from where it was.
    watchTimeoutSeconds: positiveInt.default(300),
    // A fresh full listing this often, so the centre converges even if something was missed.
    resyncSeconds: z.coerce.number().int().min(0).default(3600),
    maxBackoffMs: positiveInt.default(60_000),
  })
  .strict();

export type AgentConfig = z.infer<typeof schema>;

/** Flags as given on the command line (commander's camelCase names); unset ones are undefined. */
export type AgentFlags = Partial<Record<keyof AgentConfig, string | undefined>>;

/** The in-cluster API server from the variables every pod gets, or nothing outside a cluster. */
function inClusterUrl(env: Record<string, string | undefined>): string | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  if (!host) return undefined;
  const port = env.KUBERNETES_SERVICE_PORT || "443";
  return `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/**
 * Flags over environment: POSTURE_AGENT_CLUSTER, POSTURE_URL, POSTURE_AGENT_TOKEN_FILE, POSTURE_AGENT_STATE_DIR,
 * POSTURE_AGENT_HEALTH_PORT, POSTURE_AGENT_BUFFER_EVENTS, POSTURE_AGENT_BUFFER_BYTES, POSTURE_AGENT_RESYNC_SECONDS;
 * the API server from KUBERNETES_SERVICE_HOST/PORT and the ServiceAccount's token and CA. Throws one
 * message naming every problem.
 */
export function agentConfig(
  flags: AgentFlags,
  env: Record<string, string | undefined> = process.env,
): AgentConfig {
  const inCluster = !flags.kubeUrl;
  const raw = {
    cluster: flags.cluster ?? env.POSTURE_AGENT_CLUSTER,
    url: flags.url ?? env.POSTURE_URL,
    tokenFile: flags.tokenFile ?? env.POSTURE_AGENT_TOKEN_FILE,
    kubeUrl: flags.kubeUrl ?? inClusterUrl(env),
    kubeCa: flags.kubeCa ?? (inCluster ? `${SERVICE_ACCOUNT_DIR}/ca.crt` : undefined),
    kubeTokenFile: flags.kubeTokenFile ?? (inCluster ? `${SERVICE_ACCOUNT_DIR}/token` : undefined),
    stateDir: flags.stateDir ?? env.POSTURE_AGENT_STATE_DIR,
    healthPort: flags.healthPort ?? env.POSTURE_AGENT_HEALTH_PORT,
    bufferEvents: flags.bufferEvents ?? env.POSTURE_AGENT_BUFFER_EVENTS,
    bufferBytes: flags.bufferBytes ?? env.POSTURE_AGENT_BUFFER_BYTES,
    flushMs: flags.flushMs,
    heartbeatMs: flags.heartbeatMs,
    watchTimeoutSeconds: flags.watchTimeoutSeconds,
    resyncSeconds: flags.resyncSeconds ?? env.POSTURE_AGENT_RESYNC_SECONDS,
    maxBackoffMs: flags.maxBackoffMs,
  };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => {
      if (i.path[0] === "kubeUrl" && raw.kubeUrl === undefined)
        return "no API server: not running in a pod (KUBERNETES_SERVICE_HOST unset) and no --kube-url";
      if (i.path[0] === "kubeTokenFile") return "--kube-token-file is required with --kube-url";
      return i.message;
    });
    throw new Error(`Invalid agent configuration: ${msg.join("; ")}`);
  }
  return parsed.data;
}
