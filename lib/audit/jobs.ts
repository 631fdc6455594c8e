import "server-only";
import { pool } from "@/lib/db/pool";
import { sqlOfPg } from "@/lib/db/sql";
import { defineJob } from "@/lib/jobs/registry";
import { recordAnchor } from "./anchor";

// Every minute the chain's head is anchored outside the database (when it moved), so a deleted tail
// shows at the next `posture audit verify`.
export const auditAnchorJob = defineJob({
  name: "audit.anchor",
  cron: "* * * * *",
  handler: async () => void (await recordAnchor(sqlOfPg(pool()))),
});
