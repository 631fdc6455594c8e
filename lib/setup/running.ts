import "server-only";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/config/env";
import { dataDir } from "./database";

// `npm start` records where its web server answers, so `posture ingest` on the same machine sends there
// without --url or POSTURE_URL (a server started with PORT=3100 is found too). Like server.json for the
// embedded database, a record whose process is gone is stale and removed.

const FILE = () => path.join(dataDir(), "web.json");

/** Best effort: with DATABASE_URL there may be no data directory yet, and the CLI can still take --url. */
export function recordRunningServer(url: string): void {
  try {
    mkdirSync(dataDir(), { recursive: true });
    writeFileSync(FILE(), JSON.stringify({ pid: process.pid, url }));
  } catch (e) {
    console.warn(`[posture] could not record the server's address for the CLI: ${(e as Error).message}`);
  }
}

export function clearRunningServer(): void {
  rmSync(FILE(), { force: true });
}

/** The local URL of the Posture server running on this data directory, or null. */
export function runningServerUrl(): string | null {
  try {
    const m = JSON.parse(readFileSync(FILE(), "utf8")) as { pid: number; url: string };
    process.kill(m.pid, 0); // throws when no such process: a stale record from a crash
    return typeof m.url === "string" ? m.url : null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") rmSync(FILE(), { force: true });
    return null;
  }
}

/**
 * Where the CLI sends API requests: --url, else $POSTURE_URL, else the server running here. Null when
 * none applies (the caller says how to choose one instead of guessing a port).
 */
export function cliBaseUrl(
  flag: string | undefined,
  config: { POSTURE_URL?: string } = env(),
): string | null {
  return flag || config.POSTURE_URL || runningServerUrl();
}
