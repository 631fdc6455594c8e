// `npm run posture -- <command>`: the operator's command line. Commands live in scripts/cli/*.
import { registerAdminCommands } from "./cli/admin";
import { CliCommand } from "./cli/context";
import { registerIngestCommand } from "./cli/ingest";

const program = new CliCommand();
program.name("posture").description("Posture command line").showHelpAfterError();
registerAdminCommands(program);
registerIngestCommand(program);
(await import("./cli/risks")).registerRiskCommands(program);
(await import("./cli/reports")).registerReportCommands(program);
(await import("./cli/agent")).registerAgentCommand(program);

program.parseAsync(process.argv).catch((e) => {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
