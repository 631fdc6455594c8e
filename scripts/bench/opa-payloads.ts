// OPA decision-log payloads for the ingest benchmark: N generated decisions in a file (console NDJSON),
// read back in parts, and each part as a request body — NDJSON lines, or the gzip JSON array OPA's HTTP
// decision-log plugin uploads.
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { gzipSync } from "node:zlib";
import { opaLine, ROUTES, rng, uuidFrom } from "@/lib/demo/generators/policy-decisions";

const DAY = 86_400_000;

export async function generate(file: string, n: number, seed: number): Promise<void> {
  const r = rng(seed);
  const to = Date.now() - 60_000;
  const from = to - 2 * DAY;
  async function* lines() {
    let buf = "";
    for (let i = 0; i < n; i++) {
      const route = ROUTES[i % ROUTES.length];
      const path = route.paths[i % route.paths.length];
      const t = new Date(from + Math.floor((i / n) * (to - from)));
      buf += `${opaLine(uuidFrom(r), t, route, path, r() > route.denyRate, route.reasons[0], i)}\n`;
      if (buf.length > 1 << 20) {
        yield buf;
        buf = "";
      }
    }
    if (buf) yield buf;
  }
  await pipeline(Readable.from(lines()), createWriteStream(file));
}

export async function* fileParts(file: string, perPart: number): AsyncGenerator<string[]> {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  let part: string[] = [];
  for await (const line of rl) {
    part.push(line);
    if (part.length >= perPart) {
      yield part;
      part = [];
    }
  }
  if (part.length) yield part;
}

/** One way in: NDJSON lines as a collector posts them, or OPA's gzip JSON array upload (one line). */
export type Mode = "ndjson" | "gzip_array";

export function bodyOf(
  mode: Mode,
  part: string[],
): { body: Uint8Array; headers: Record<string, string>; path: string } {
  if (mode === "ndjson")
    return {
      body: Buffer.from(`${part.join("\n")}\n`),
      headers: { "content-type": "application/x-ndjson" },
      path: "/api/v1/ingest/policy?format=opa",
    };
  return {
    body: gzipSync(`[${part.join(",")}]`, { level: 1 }),
    headers: { "content-type": "application/json", "content-encoding": "gzip" },
    path: "/api/v1/opa/logs",
  };
}

/** The decision-log events as OPA's HTTP plugin sends them: no console logger fields. */
export function asUploadEvent(line: string): string {
  const e = JSON.parse(line);
  delete e.msg;
  delete e.level;
  delete e.time;
  return JSON.stringify(e);
}
