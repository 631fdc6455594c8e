// package-lock.json must install with `npm ci` on every platform the project supports: each package's
// optional platform binaries (biome, next/swc, sharp, argon2, esbuild) are recorded, not only this machine's.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain .mjs script without type declarations
import { engineConflicts, missingOptionalPackages, satisfies } from "../scripts/lock.mjs";

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const engines: string = JSON.parse(readFileSync("package.json", "utf8")).engines.node;
/** The lowest version of each supported Node line ("^20.19 || ^22.13 || >=24" → 20.19.0, 22.13.0, 24.0.0). */
const minima = engines.split("||").map((alt) => {
  const [a, b = "0", c = "0"] = alt.replace(/[^\d.]/g, "").split(".");
  return `${a}.${b}.${c}`;
});

describe("package-lock.json", () => {
  it("records every optional platform package (regenerate with `npm run lock`)", () => {
    expect(missingOptionalPackages(lock)).toEqual([]);
    for (const name of ["@biomejs/cli-darwin-arm64", "@biomejs/cli-win32-x64", "@next/swc-win32-x64-msvc"]) {
      expect(lock.packages[`node_modules/${name}`], name).toBeDefined();
    }
  });

  it("maps Prisma's streams-local (Node ≥ 22, used only by `prisma dev`) to the local stub", () => {
    expect(lock.packages["node_modules/@prisma/streams-local"]).toEqual({
      resolved: "scripts/stubs/prisma-streams-local",
      link: true,
    });
  });

  it("installs on every supported Node line without an engine warning (EBADENGINE)", () => {
    expect(minima).toEqual(["20.19.0", "22.13.0", "24.0.0"]);
    expect(engineConflicts(lock, minima)).toEqual([]);
  });

  it("reads engine ranges as npm does", () => {
    const cases: [string, string, boolean][] = [
      ["20.19.0", ">=22.0.0", false],
      ["20.19.0", "^20.19.0 || >=22.12.0", true],
      ["22.11.0", "^20.19.0 || >=22.12.0", false],
      ["20.19.0", ">=18.0.0 <21", true],
      ["22.0.0", ">=18.0.0 <21", false],
      ["20.19.0", "18.x || 20.x", true],
      ["21.0.0", "10 - 20", false],
      ["0.3.0", "^0.2.3", false],
      ["20.19.0", "*", true],
    ];
    for (const [v, range, ok] of cases) expect(satisfies(v, range), `${v} in ${range}`).toBe(ok);
  });

  it("finds a missing platform package, also one a nested copy requires", () => {
    const synthetic = {
      packages: {
        "": { name: "app" },
        "node_modules/tool": {
          version: "1.0.0",
          optionalDependencies: { "tool-linux": "1.0.0", "tool-win": "1.0.0" },
        },
        "node_modules/tool-linux": { version: "1.0.0", optional: true },
        "node_modules/a/node_modules/tool": {
          version: "2.0.0",
          optionalDependencies: { "tool-linux": "2.0.0" },
        },
        "node_modules/a/node_modules/tool-linux": { version: "2.0.0", optional: true },
        "node_modules/b/node_modules/tool": {
          version: "2.0.0",
          optionalDependencies: { "tool-mac": "2.0.0" },
        },
      },
    };
    expect(missingOptionalPackages(synthetic)).toEqual([
      "node_modules/tool → tool-win",
      "node_modules/b/node_modules/tool → tool-mac",
    ]);
  });
});
