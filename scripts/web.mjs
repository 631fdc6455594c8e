// The web server `npm start` runs (a child of scripts/start.ts): Next.js behind a plain Node HTTP server,
// so that every request carries the address of the connection it came on. Next.js itself only fills
// X-Forwarded-For when the client did not send one, which lets any client choose its own address; the
// application reads this header instead and believes X-Forwarded-For only from POSTURE_TRUSTED_PROXIES
// (lib/http/client-address.ts). Usage: node scripts/web.mjs [--dev]   (PORT from the env; listens on all
// interfaces, like `next start`).
import { createServer } from "node:http";
import next from "next";

const PEER_HEADER = "x-posture-peer";
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);

const app = next({ dev, port, hostname: "localhost" });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  // Overwrite, never append: a value sent by the client under this name is discarded.
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
  handle(req, res).catch((e) => {
    console.error("[web] unhandled", e);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
if (dev) {
  const upgrade = app.getUpgradeHandler();
  server.on("upgrade", (req, socket, head) => upgrade(req, socket, head));
}
server.listen(port, () => console.log(`[web] listening on port ${port}${dev ? " (dev)" : ""}`));
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => server.close(() => process.exit(0)));
