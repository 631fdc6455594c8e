import { defineConfig } from "prisma/config";

// The schema engine cannot be downloaded here: `prisma generate` is all we run through
// the CLI; migrations are applied by lib/db/migrate.ts in Prisma Migrate's own layout.
export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/posture" },
});
