import "server-only";
import { type Actor, audit } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { putSetting, readSetting } from "@/lib/db/settings";
import { sqlOfPg, withPgTransaction } from "@/lib/db/sql";
import { badRequest } from "@/lib/errors";

// The organisation named on the executive report's cover (an admin setting), and whether demo data is
// loaded (read from the demo flag directly, so the report does not import the demo seeders).

const KEY = "org.name";

export async function getOrganisation(): Promise<string | null> {
  return (await readSetting<{ name?: string }>(sqlOfPg(pool()), KEY))?.name?.trim() || null;
}

export async function setOrganisation(actor: Actor, raw: string): Promise<string | null> {
  const name = raw.trim();
  if (name.length > 120) throw badRequest("organisation name: at most 120 characters");
  await withPgTransaction(pool(), async (_c, sql) => {
    const prev = await readSetting<{ name?: string }>(sql, KEY, { lock: true });
    await putSetting(sql, KEY, { name });
    await audit(sql, actor, {
      action: "organisation.set",
      targetType: "setting",
      targetId: KEY,
      data: { previous: prev?.name ?? null, next: name || null },
    });
  });
  return name || null;
}

export async function demoLoaded(): Promise<boolean> {
  // The flag lib/demo writes (its DemoState); read here without loading the demo seeders.
  return (await readSetting<{ loaded?: boolean }>(sqlOfPg(pool()), "demo"))?.loaded === true;
}
