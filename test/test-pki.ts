// A throw-away PKI for tests that run real TLS peers on loopback (the Kubernetes API stand-in, openssl
// s_server): a CA, and a leaf for 127.0.0.1/localhost signed by it, written under `dir`.
import { execFileSync } from "node:child_process";
import path from "node:path";

const ossl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });

export interface TestPki {
  ca: string;
  leafKey: string;
  leaf: string;
}

// A new P-256 key, unencrypted.
const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

export function makePki(dir: string): TestPki {
  const f = (n: string) => path.join(dir, n);
  ossl(
    ...["req", "-x509", ...EC_KEY, "-keyout", f("ca.key"), "-out", f("ca.pem"), "-days", "30"],
    ...["-subj", "/O=Posture Test/CN=Test CA", "-addext", "basicConstraints=critical,CA:TRUE"],
  );
  ossl("req", ...EC_KEY, "-keyout", f("leaf.key"), "-out", f("leaf.csr"), "-subj", "/CN=localhost");
  execFileSync("sh", ["-c", `printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > ${f("ext.cnf")}`]);
  ossl(
    ...["x509", "-req", "-in", f("leaf.csr"), "-CA", f("ca.pem"), "-CAkey", f("ca.key"), "-CAcreateserial"],
    ...["-out", f("leaf.pem"), "-days", "7", "-extfile", f("ext.cnf")],
  );
  return { ca: f("ca.pem"), leafKey: f("leaf.key"), leaf: f("leaf.pem") };
}

export const fingerprint = (file: string) =>
  ossl("x509", "-in", file, "-noout", "-fingerprint", "-sha256")
    .toString()
    .split("=")[1]
    .trim()
    .replaceAll(":", "")
    .toLowerCase();
