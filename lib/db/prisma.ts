import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/db/generated/client";
import { pool } from "@/lib/db/pool";

const globalForPrisma = globalThis as unknown as { posturePrisma?: PrismaClient };

export function prisma(): PrismaClient {
  if (!globalForPrisma.posturePrisma) {
    globalForPrisma.posturePrisma = new PrismaClient({ adapter: new PrismaPg(pool()) });
  }
  return globalForPrisma.posturePrisma;
}

export async function disconnectPrisma(): Promise<void> {
  const p = globalForPrisma.posturePrisma;
  globalForPrisma.posturePrisma = undefined;
  await p?.$disconnect();
}

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
