import { audit } from "@/lib/audit/log";
import { actorOf } from "@/lib/auth/principal";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { connectionTestInput, targetsOf, testConnection, validateConfig } from "@/lib/sources/mutations";

// "Test connection" from the source form: validates the unsaved config and makes one request through the
// outbound guard. Operators only, like saving a source; the attempt is audited with the hosts it reaches.
export const POST = apiRoute({ capability: "operate", scope: "write" }, async ({ req, principal }) => {
  const input = await readJson(req, connectionTestInput);
  const config = validateConfig(input.kind, input.config, input.secrets);
  await withPgTransaction(pool(), (_c, sql) =>
    audit(sql, actorOf(principal), {
      action: "source.test",
      targetType: "source",
      data: { kind: input.kind, targets: targetsOf(input.kind, config) },
    }),
  );
  return testConnection(input);
});
