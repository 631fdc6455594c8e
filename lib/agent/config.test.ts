import { describe, expect, it } from "vitest";
import { backoffMs } from "./backoff";
import { agentConfig } from "./config";

const required = { cluster: "eu-west-prod", url: "https://posture.example.com", tokenFile: "/run/token" };

describe("agent configuration", () => {
  it("in a pod: the API server from KUBERNETES_SERVICE_HOST/PORT, the ServiceAccount's token and CA", () => {
    const c = agentConfig(
      {},
      {
        POSTURE_AGENT_CLUSTER: "eu-west-prod",
        POSTURE_URL: "https://posture.example.com",
        POSTURE_AGENT_TOKEN_FILE: "/var/run/posture-agent/token",
        KUBERNETES_SERVICE_HOST: "fd00:10:96::1",
        KUBERNETES_SERVICE_PORT: "443",
        POSTURE_AGENT_BUFFER_EVENTS: "500",
      },
    );
    expect(c).toMatchObject({
      kubeUrl: "https://[fd00:10:96::1]:443",
      kubeCa: "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
      kubeTokenFile: "/var/run/secrets/kubernetes.io/serviceaccount/token",
      bufferEvents: 500,
      bufferBytes: 64 * 1024 * 1024,
      stateDir: "/tmp/posture-agent",
    });
  });

  it("flags win over the environment; --kube-url needs its own token file", () => {
    const c = agentConfig(
      { ...required, kubeUrl: "https://127.0.0.1:6443", kubeTokenFile: "/tmp/t", healthPort: "0" },
      { POSTURE_AGENT_CLUSTER: "other", KUBERNETES_SERVICE_HOST: "10.0.0.1" },
    );
    expect(c).toMatchObject({
      cluster: "eu-west-prod",
      kubeUrl: "https://127.0.0.1:6443",
      kubeCa: undefined,
    });
    expect(() => agentConfig({ ...required, kubeUrl: "https://127.0.0.1:6443" }, {})).toThrow(
      "--kube-token-file is required with --kube-url",
    );
  });

  it("names every problem at once", () => {
    expect(() => agentConfig({ cluster: "EU West", url: "ftp://x" }, {})).toThrow(
      /--cluster: a cluster name.*--url: http\(s\) only.*--token-file.*no API server: not running in a pod/,
    );
    expect(() =>
      agentConfig({ ...required, kubeUrl: "http://127.0.0.1:8080", kubeTokenFile: "/t" }, {}),
    ).toThrow("--kube-url: the API server must be https://");
  });
});

describe("agent backoff", () => {
  it("doubles from 0.5 s up to the cap, each wait in the upper half of its step", () => {
    const low = [1, 2, 3, 4, 10].map((n) => backoffMs(n, 4000, 500, () => 0));
    const high = [1, 2, 3, 4, 10].map((n) => backoffMs(n, 4000, 500, () => 1));
    expect(low).toEqual([250, 500, 1000, 2000, 2000]);
    expect(high).toEqual([500, 1000, 2000, 4000, 4000]);
  });
});
