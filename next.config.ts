import type { NextConfig } from "next";

const config: NextConfig = {
  // Type checking runs in `npm run typecheck` (part of `npm test`), not twice per build.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "@node-rs/argon2",
    "pg",
    "pg-copy-streams",
    "pg-boss",
  ],
  experimental: {
    // forbidden() renders app/forbidden.tsx with status 403 for signed-in users without the role.
    authInterrupts: true,
    // Ingest bodies are streamed by route handlers; this only affects server actions.
    serverActions: { bodySizeLimit: "20mb" },
  },
};

export default config;
