import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// The data directory (POSTURE_DATA_DIR): a directory of our own, set before the configuration is read.
const dir = mkdtempSync(path.join(tmpdir(), "posture-running-"));
let running: typeof import("./running");
beforeAll(async () => {
  process.env.POSTURE_DATA_DIR = dir;
  (await import("@/lib/config/env")).reloadEnv();
  running = await import("./running");
});

describe("where the CLI sends requests", () => {
  it("--url first, then POSTURE_URL, then the server running on this data directory", () => {
    running.recordRunningServer("http://127.0.0.1:3100");
    expect(running.cliBaseUrl("https://p.example", { POSTURE_URL: "https://env.example" })).toBe(
      "https://p.example",
    );
    expect(running.cliBaseUrl(undefined, { POSTURE_URL: "https://env.example" })).toBe("https://env.example");
    expect(running.cliBaseUrl(undefined, {})).toBe("http://127.0.0.1:3100");
    running.clearRunningServer();
    expect(running.cliBaseUrl(undefined, {})).toBeNull();
  });

  it("ignores and removes the record of a server that is gone", () => {
    const file = path.join(dir, "web.json");
    writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 7, url: "http://127.0.0.1:3000" }));
    expect(running.runningServerUrl()).toBeNull();
    expect(existsSync(file)).toBe(false);
  });
});
