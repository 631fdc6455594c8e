// Where the agent resumes after a restart: the resourceVersion of each watched resource up to which
// everything reached the centre. A small JSON file in a writable directory (an emptyDir in the pod: the
// root filesystem is read-only), written whole to a temporary name and renamed, so a crash mid-write
// leaves the previous file.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface AgentState {
  cluster: string;
  /** resource id ("cert-manager.io/v1/certificates") → resourceVersion delivered up to. */
  resourceVersions: Record<string, string>;
}

const FILE = "state.json";

/** The saved state for this cluster, or an empty one (no file, unreadable, or another cluster's). */
export function loadState(dir: string, cluster: string): AgentState {
  try {
    const s = JSON.parse(readFileSync(path.join(dir, FILE), "utf8")) as Partial<AgentState>;
    if (s.cluster === cluster && s.resourceVersions && typeof s.resourceVersions === "object") {
      const rv = Object.fromEntries(
        Object.entries(s.resourceVersions).filter(([, v]) => typeof v === "string" && v.length > 0),
      );
      return { cluster, resourceVersions: rv };
    }
  } catch {
    // first start, or a file we cannot read: list everything
  }
  return { cluster, resourceVersions: {} };
}

export function saveState(dir: string, state: AgentState): void {
  mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `${FILE}.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  renameSync(tmp, path.join(dir, FILE));
}
