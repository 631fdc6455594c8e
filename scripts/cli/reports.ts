import { CLI_ACTOR, type CliCommand } from "./context";

const DAY = 86_400_000;
const ymd = (d: Date) => d.toISOString().slice(0, 10);

export function registerReportCommands(program: CliCommand) {
  const kpi = program.command("kpi").description("KPI history and targets");
  kpi
    .command("backfill")
    .description("Compute the daily KPI snapshots (overall and per cluster) of past days")
    .option("--from <day>", "first day YYYY-MM-DD (default: 90 days ago)")
    .option("--to <day>", "last day YYYY-MM-DD (default: yesterday)")
    .option("--missing", "only days that have no snapshot yet")
    .dbAction(async (o: { from?: string; to?: string; missing?: boolean }) => {
      const { backfill } = await import("@/lib/kpi/snapshots");
      const { audit } = await import("@/lib/audit/log");
      const { pool } = await import("@/lib/db/pool");
      const { withPgTransaction } = await import("@/lib/db/sql");
      const now = new Date();
      const from = o.from ?? ymd(new Date(now.getTime() - 90 * DAY));
      const to = o.to ?? ymd(new Date(now.getTime() - DAY));
      const started = Date.now();
      const r = await backfill(from, to, {
        now,
        onlyMissing: o.missing,
        onDay: process.stderr.isTTY ? (d) => process.stderr.write(`${d}\r`) : undefined,
      });
      await withPgTransaction(pool(), (_c, sql) =>
        audit(sql, CLI_ACTOR, {
          action: "kpi.snapshot.backfill",
          targetType: "kpi_snapshot",
          data: { from, to, ...r },
        }),
      );
      console.log(
        `${r.days} day(s), ${r.rows} snapshot row(s) from ${from} to ${to} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    });
  kpi
    .command("targets")
    .description("Show the KPI targets")
    .dbAction(async () => {
      const { getTargets } = await import("@/lib/kpi/targets-store");
      console.table(
        Object.entries(await getTargets()).map(([metric, t]) => ({
          metric,
          target: `${t?.comparator} ${t?.value}`,
        })),
      );
    });
  const report = program.command("report").description("Executive reports");
  report
    .command("freeze")
    .description("Freeze the executive report of a period (data, PDF and SHA-256 stored)")
    .requiredOption("--period <period>", "2026-10, 2026-Q3, 2026-10-01..2026-10-15 or 30d")
    .option("--cluster <name>", "one cluster only")
    .dbAction(async (o: { period: string; cluster?: string }) => {
      const { freezeReport } = await import("@/lib/reports/snapshots");
      const s = await freezeReport(CLI_ACTOR, { period: o.period, cluster: o.cluster ?? null });
      console.log(
        `frozen ${s.id}: ${s.title}; data sha256 ${s.dataSha256}; the worker prints and stores its PDF`,
      );
    });
  report
    .command("pdf")
    .description("Write the executive report of a period as PDF to a file")
    .requiredOption("--period <period>", "2026-10, 2026-Q3, 2026-10-01..2026-10-15 or 30d")
    .requiredOption("--out <file>", "where to write the PDF")
    .option("--cluster <name>", "one cluster only")
    .dbAction(async (o: { period: string; out: string; cluster?: string }) => {
      const { writeFile } = await import("node:fs/promises");
      const { parsePeriod } = await import("@/lib/reports/period");
      const { requestPdf } = await import("@/lib/reports/pdf-request");
      // Printed by the running server's worker (the PDF is its web page): needs `npm start` running.
      const pdf = await requestPdf({
        kind: "executive",
        period: parsePeriod(o.period, new Date()).key,
        cluster: o.cluster ?? null,
      });
      await writeFile(o.out, pdf);
      console.log(`${o.out}: ${pdf.length} bytes`);
    });
}
