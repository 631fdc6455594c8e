// Podman as this project runs it. The settings a host like the CI machine needs live here rather than in
// the machine's configuration: runc (crun fails on hybrid cgroups), no network during builds (the context
// holds everything), never pulling (bases are local), and ulimits pinned because such a host cannot raise
// them to podman's defaults.
import { spawnSync } from "node:child_process";

export const PODMAN_BUILD_FLAGS = ["--pull=never", "--runtime", "runc", "--network=none"];
export const PODMAN_RUN_FLAGS = [
  "--runtime",
  "runc",
  "--ulimit",
  "nofile=20000:20000",
  "--ulimit",
  "nproc=32768:32768",
];

export function podman(args) {
  const r = spawnSync("podman", args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`podman ${args[0]} failed: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout;
}

export function podmanOk(args) {
  return spawnSync("podman", args, { stdio: "ignore" }).status === 0;
}
