import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.POSTURE_SECRET ??= "test-secret-test-secret-test-secret-0123";
process.env.POSTURE_URL ??= "http://localhost:3000";
process.env.POSTURE_DB_POOL_MAX ??= "4";
