import "server-only";
import { cookies } from "next/headers";
import { TZ_COOKIE, validZone } from "./zone";

/** The zone this user shows times in (the cookie the time-zone switch sets; UTC until they pick one). */
export async function displayZone(): Promise<string> {
  return validZone((await cookies()).get(TZ_COOKIE)?.value);
}
