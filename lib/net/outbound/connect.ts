// A TCP or TLS connection (the TLS endpoint scanner), through the checks of ./resolve.ts.
import net from "node:net";
import tls from "node:tls";
import { asOutboundError, OutboundError } from "./errors";
import { type Resolver, resolveChecked } from "./resolve";

export interface CheckedConnectOptions {
  timeoutMs: number;
  /** Connect with TLS (the options other than host/port/lookup, e.g. servername, rejectUnauthorized). */
  tls?: tls.ConnectionOptions;
  resolve?: Resolver;
}

/**
 * A TCP (or TLS) connection to host:port after the same checks as checkedFetch; resolves once the
 * connection (or the TLS handshake) is up. Failures are OutboundErrors whose text does not tell a
 * closed port from a filtered one or from an open port that does not speak TLS.
 */
export async function checkedConnect(
  host: string,
  port: number,
  opts: CheckedConnectOptions,
): Promise<net.Socket | tls.TLSSocket> {
  const target = await resolveChecked(host, opts.resolve);
  return new Promise((resolve, reject) => {
    const socket = opts.tls
      ? tls.connect({ ...opts.tls, host: target.address, port })
      : net.connect({ host: target.address, port });
    const timer = setTimeout(() => socket.destroy(new OutboundError("connect")), opts.timeoutMs);
    socket.once(opts.tls ? "secureConnect" : "connect", () => {
      clearTimeout(timer);
      socket.removeAllListeners("error");
      resolve(socket);
    });
    socket.once("error", (e) => {
      clearTimeout(timer);
      socket.destroy();
      reject(opts.tls ? new OutboundError("connect") : asOutboundError(e));
    });
  });
}
