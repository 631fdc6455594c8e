import { actorOf } from "@/lib/auth/principal";
import { READ, WRITE_ADMIN } from "@/lib/auth/roles";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { createChannel } from "@/lib/notifications/mutations";
import { listChannels } from "@/lib/notifications/queries";
import { channelInput } from "@/lib/notifications/schema";

// Notification channels (admin). Secrets and Slack/Teams webhook URLs are stored encrypted, never returned.
export const GET = apiRoute(READ, async () => ({ channels: await listChannels() }));

export const POST = apiRoute(WRITE_ADMIN, async ({ req, principal }) => {
  const input = await readJson(req, channelInput);
  const { id } = await withPgTransaction(pool(), (_c, sql) => createChannel(sql, actorOf(principal), input));
  return Response.json({ id }, { status: 201 });
});
