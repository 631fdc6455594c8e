import { createReadStream, statSync } from "node:fs";
import { Readable } from "node:stream";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { env } from "@/lib/config/env";
import { byteUnit, formatBytes } from "@/lib/format/bytes";
import { cliBaseUrl } from "@/lib/setup/running";
import { fail } from "./context";

const KINDS = ["certificates", "policy", "telemetry", "alerts"];

/** `posture ingest <kind> <file>`: streams a file to the push API with a progress bar. */
export function registerIngestCommand(program: Command) {
  program
    .command("ingest <kind> <file>")
    .description(`Send a file to the ingest API (kind: ${KINDS.join(", ")})`)
    .option("--cluster <name>", "cluster the data belongs to (unless the records or an envelope say)")
    .option("--format <format>", "input format (default: detected from the content)")
    .option("--url <url>", "Posture base URL (default: $POSTURE_URL, else the server `npm start` runs here)")
    .option("--token <token>", "API token with the ingest scope (default: $POSTURE_TOKEN)")
    .option("--idempotency-key <key>", "sending the same key twice stores the batch once")
    .action(
      async (
        kind: string,
        file: string,
        o: { cluster?: string; format?: string; url?: string; token?: string; idempotencyKey?: string },
      ) => {
        if (!KINDS.includes(kind)) fail(`kind must be one of ${KINDS.join(", ")}`);
        const token = o.token ?? env().POSTURE_TOKEN;
        if (!token)
          fail(
            "no token: pass --token or set POSTURE_TOKEN (npm run posture -- token create --name cli --scopes ingest)",
          );
        let size: number;
        try {
          size = statSync(file).size;
        } catch {
          fail(`cannot read ${file}`);
        }
        const base = cliBaseUrl(o.url);
        if (!base)
          fail(
            "no Posture server to send to: pass --url, set POSTURE_URL, or start Posture on this machine (npm start), which the CLI then finds",
          );
        let url: URL;
        try {
          url = new URL(`/api/v1/ingest/${kind}`, base);
        } catch {
          fail(`not a URL: ${base} (from --url or POSTURE_URL)`);
        }
        if (o.cluster) url.searchParams.set("cluster", o.cluster);
        if (o.format) url.searchParams.set("format", o.format);

        // Sent and total in the unit that suits the file ("2.1/5.2 KiB", not "0.0/5287 MB").
        const bar = new SingleBar({
          format: " {bar} {percentage}% | {sent}/{total} | {speed}/s",
          hideCursor: true,
          stream: process.stderr,
        });
        const unit = byteUnit(size);
        const sentOf = (n: number) => formatBytes(n, unit).replace(` ${unit.unit}`, "");
        const t0 = Date.now();
        bar.start(size, 0, { sent: sentOf(0), total: formatBytes(size, unit), speed: formatBytes(0) });
        let sent = 0;
        const stream = createReadStream(file);
        stream.on("data", (chunk) => {
          sent += chunk.length;
          const seconds = Math.max((Date.now() - t0) / 1000, 0.001);
          bar.update(sent, { sent: sentOf(sent), speed: formatBytes(sent / seconds) });
        });
        const headers: Record<string, string> = {
          authorization: `Bearer ${token}`,
          "content-type": "application/octet-stream",
          "content-length": String(size),
        };
        if (o.idempotencyKey) headers["idempotency-key"] = o.idempotencyKey;
        let res: Response;
        try {
          res = await fetch(url, {
            method: "POST",
            headers,
            body: Readable.toWeb(stream) as ReadableStream,
            // @ts-expect-error Node's fetch needs duplex for a streamed body
            duplex: "half",
          });
        } catch (e) {
          bar.stop();
          fail(`could not reach ${base}: ${(e as Error).message}`, 1);
        }
        bar.stop();
        type Rejected = { line?: number; index?: number; reason: string }[];
        const body = (await res.json().catch(() => ({}))) as Record<string, unknown> & {
          error?: { message: string; details?: { rejected?: Rejected } };
        };
        const list = (rejected: Rejected) => {
          for (const r of rejected.slice(0, 20))
            console.log(`  ${r.line ? `line ${r.line}` : `item ${r.index}`}: ${r.reason}`);
          if (rejected.length > 20) console.log(`  … ${rejected.length - 20} more (see the Sources page)`);
        };
        if (!res.ok) {
          // 422: no record could be stored; the reasons per record come with it.
          list(body.error?.details?.rejected ?? []);
          fail(`${res.status}: ${body.error?.message ?? "request failed"}`, 1);
        }
        const rejected = (body.rejected as Rejected) ?? [];
        console.log(
          `batch ${body.batchId}: ${body.status}; accepted ${body.accepted}, duplicates ${body.duplicates}, rejected ${body.rejectedCount ?? rejected.length}`,
        );
        list(rejected);
      },
    );
}
