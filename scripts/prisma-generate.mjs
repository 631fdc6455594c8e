// Runs `prisma generate` (the Prisma client in lib/db/generated) without Prisma's native schema engine,
// which is a separate download this project does not use: generate does not need the engine but insists
// that the variable names an executable. Prints one line; Prisma's own output only when it fails.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

// Without the dev dependencies (a production install), there is no generator and nothing to do.
if (!existsSync("node_modules/prisma")) process.exit(0);
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const t0 = Date.now();
const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
  encoding: "utf8",
  env,
});
if (r.status !== 0) {
  process.stdout.write(r.stdout ?? "");
  process.stderr.write(r.stderr ?? "");
  console.error(`prisma generate failed (exit ${r.status ?? r.signal})`);
  process.exit(r.status ?? 1);
}
console.log(`Prisma client generated in lib/db/generated (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
