import "server-only";
import { cookies } from "next/headers";
import { fromReplica, READ_AFTER_COOKIE, validLsn } from "@/lib/db/replica";

/** For pages (server components): dashboard reads from the standby, after the viewer's own last write. */
export async function pageReads<T>(fn: () => Promise<T>): Promise<T> {
  const after = validLsn((await cookies()).get(READ_AFTER_COOKIE)?.value);
  return fromReplica(after, fn);
}
