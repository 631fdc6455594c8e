import type { NextConfig } from "next";

// `npm run image` builds the standalone output (server code plus the node_modules it uses) into its own
// directory, so that it neither replaces nor is replaced by the build `npm start` serves.
const forImage = process.env.POSTURE_BUILD_IMAGE === "1";

const config: NextConfig = {
  ...(forImage ? { output: "standalone" as const, distDir: ".next-image" } : {}),
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
