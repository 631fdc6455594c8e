import type { Command } from "commander";
import { AgentRefused, startAgent } from "@/lib/agent/agent";
import { type AgentFlags, agentConfig } from "@/lib/agent/config";
import { fail } from "./context";

/** `posture agent`: the in-cluster agent (also the container image's `agent` command). */
export function registerAgentCommand(program: Command) {
  program
    .command("agent")
    .description(
      "Watch cert-manager Certificates and policy reports in this cluster and push them to the central Posture",
    )
    .option(
      "--cluster <name>",
      "the cluster watched: the default cluster of the token ($POSTURE_AGENT_CLUSTER)",
    )
    .option("--url <url>", "the central Posture's base URL ($POSTURE_URL)")
    .option("--token-file <path>", "file holding the ingest token ($POSTURE_AGENT_TOKEN_FILE)")
    .option("--kube-url <url>", "API server (default: in-cluster, from KUBERNETES_SERVICE_HOST/PORT)")
    .option("--kube-ca <path>", "CA bundle of the API server (default: the ServiceAccount's ca.crt)")
    .option(
      "--kube-token-file <path>",
      "bearer token file for the API server (default: the ServiceAccount's)",
    )
    .option("--state-dir <dir>", "writable directory for the resume state (default /tmp/posture-agent)")
    .option("--health-port <port>", "port of GET /healthz (default 8080; 0: any free port)")
    .option("--buffer-events <n>", "changes held while the centre is unreachable (default 10000)")
    .option("--buffer-bytes <n>", "bytes of changes held while the centre is unreachable (default 64 MiB)")
    .option("--resync-seconds <n>", "list everything again this often (default 3600; 0: never)")
    .action(async (o: AgentFlags) => {
      let cfg: ReturnType<typeof agentConfig>;
      try {
        cfg = agentConfig(o);
      } catch (e) {
        fail((e as Error).message);
      }
      await runAgentUntilSignal(cfg);
    });
}

/** Runs the agent until SIGTERM/SIGINT, then stops it (state saved); a refused heartbeat exits 2. */
export async function runAgentUntilSignal(cfg: Parameters<typeof startAgent>[0]): Promise<void> {
  let agent: Awaited<ReturnType<typeof startAgent>>;
  try {
    agent = await startAgent(cfg);
  } catch (e) {
    if (e instanceof AgentRefused) fail(e.message);
    throw e;
  }
  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      console.log(`[agent] ${sig}: saving state and stopping`);
      agent.stop().then(resolve, resolve);
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
}
