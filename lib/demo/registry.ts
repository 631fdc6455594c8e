import "server-only";
import type { Actor } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";

/**
 * Demo data, seeded on the first `npm start` and removed by `npm run posture -- demo wipe`.
 * Each domain registers a seeder (lib/demo/seeders/*.ts). Seeders send data through the same ingest
 * services as real data and mark what they create as demo so that wipe can find it.
 */
export interface DemoContext {
  actor: Actor;
  /** The wall-clock time the demo story is anchored to. */
  now: Date;
}

export interface DemoSeeder {
  name: string;
  /** Lower runs first (clusters before certificates before incidents…). */
  order: number;
  seed(ctx: DemoContext): Promise<string>; // returns a one-line summary
  /** Deletes this domain's demo rows (audit events stay: the log is append-only). */
  wipe(sql: Sql): Promise<number>;
}

const seeders: DemoSeeder[] = [];

export function registerDemoSeeder(s: DemoSeeder): void {
  if (!seeders.some((x) => x.name === s.name)) seeders.push(s);
}

export function demoSeeders(): DemoSeeder[] {
  return [...seeders].sort((a, b) => a.order - b.order);
}
