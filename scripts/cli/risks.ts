import { readFileSync, writeFileSync } from "node:fs";
import { type CliCommand, fail } from "./context";

export function registerRiskCommands(program: CliCommand) {
  const risks = program.command("risks").description("The risk register");
  risks
    .command("export")
    .description(
      "Write the register as CSV (the same filters as the page, e.g. --filter 'status=open&aboveAppetite=true')",
    )
    .option("--filter <query>", "register filters as a query string", "")
    .option("--out <file>", "output file (default: stdout)")
    .dbAction(async (o: { filter: string; out?: string }) => {
      const { exportCsv } = await import("@/lib/risks/csv-io");
      const { parseFilters } = await import("@/lib/risks/filters");
      const { getMatrix } = await import("@/lib/risks/settings");
      const { db } = await import("@/lib/risks/http");
      const csv = await exportCsv(db(), await getMatrix(db()), parseFilters(new URLSearchParams(o.filter)));
      if (o.out) writeFileSync(o.out, csv);
      else process.stdout.write(csv);
    });
  risks
    .command("import <file>")
    .description("Import a CSV all-or-nothing as a risk manager or admin")
    .requiredOption("--as <email>", "the risk manager or admin the changes are recorded for")
    .dbAction(async (file: string, o: { as: string }) => {
      const { findUserByEmail } = await import("@/lib/auth/users");
      const { can } = await import("@/lib/auth/roles");
      const { importCsv } = await import("@/lib/risks/csv-io");
      const { getMatrix } = await import("@/lib/risks/settings");
      const { tx } = await import("@/lib/risks/http");
      const { isAppError } = await import("@/lib/errors");
      const u = await findUserByEmail(o.as);
      if (!u || u.disabled) fail(`no active user ${o.as}`);
      if (!can(u.role, "manageRisks")) fail(`${u.email} (${u.role}) may not edit the risk register`);
      try {
        const r = await tx(async (sql) =>
          importCsv(
            sql,
            { actor: { type: "user", id: u.id, label: `${u.email} (cli)` }, userId: u.id },
            await getMatrix(sql),
            readFileSync(file, "utf8"),
          ),
        );
        console.log(
          `imported ${r.rows} rows: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged`,
        );
      } catch (e) {
        if (!isAppError(e)) throw e;
        const d = e.details as { errors?: { line: number; column?: string; message: string }[] } | undefined;
        for (const x of d?.errors ?? [])
          console.error(`line ${x.line}${x.column ? ` (${x.column})` : ""}: ${x.message}`);
        fail(e.message);
      }
    });
  risks
    .command("expire")
    .description("Reopen risks whose acceptance has expired now (the worker does this every 10 minutes)")
    .dbAction(async () => {
      const { expireAcceptances } = await import("@/lib/risks/jobs");
      console.log(`reopened ${await expireAcceptances()} risk(s)`);
    });
}
