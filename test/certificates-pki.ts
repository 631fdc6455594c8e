// A small PKI made with openssl for certificate tests: a root CA, an intermediate CA it signs, and leaf
// certificates the intermediate signs (chosen serial, SANs, lifetime). Real certificates, so fingerprints,
// serials and names are what every source would report for them.
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface IssuedCert {
  pem: string;
  der: Buffer;
  fingerprintSha256: string;
  serialHex: string;
  serialDecimal: string;
  notBefore: Date;
  notAfter: Date;
}

function issued(pem: string): IssuedCert {
  const x = new X509Certificate(pem);
  return {
    pem,
    der: x.raw,
    fingerprintSha256: x.fingerprint256.replaceAll(":", "").toLowerCase(),
    serialHex: x.serialNumber.toUpperCase(),
    serialDecimal: BigInt(`0x${x.serialNumber}`).toString(10),
    notBefore: new Date(x.validFrom),
    notAfter: new Date(x.validTo),
  };
}

export function makePki(names: { root: string; intermediate: string; org?: string; rootDays?: number }) {
  const dir = mkdtempSync(path.join(tmpdir(), "posture-pki-"));
  const f = (n: string) => path.join(dir, n);
  const ossl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  const o = names.org ?? "Posture Test";
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  ossl(
    "req",
    "-x509",
    ...ec,
    "-keyout",
    f("root.key"),
    "-out",
    f("root.pem"),
    "-days",
    String(names.rootDays ?? 3650),
    "-subj",
    `/O=${o}/CN=${names.root}`,
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  );
  ossl(
    "req",
    ...ec,
    "-keyout",
    f("int.key"),
    "-out",
    f("int.csr"),
    "-subj",
    `/O=${o}/CN=${names.intermediate}`,
  );
  writeFileSync(
    f("int.ext"),
    "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n",
  );
  ossl(
    "x509",
    "-req",
    "-in",
    f("int.csr"),
    "-CA",
    f("root.pem"),
    "-CAkey",
    f("root.key"),
    "-set_serial",
    "4097",
    "-days",
    "1825",
    "-extfile",
    f("int.ext"),
    "-out",
    f("int.pem"),
  );
  const root = issued(readFileSync(f("root.pem"), "utf8"));
  const intermediate = issued(readFileSync(f("int.pem"), "utf8"));
  let n = 0;
  return {
    root,
    intermediate,
    /** A leaf signed by the intermediate. `serial` is a hex string. */
    leaf(opts: { cn: string; dns: string[]; serial: string; days: number }): IssuedCert {
      const id = `leaf${n++}`;
      ossl("req", ...ec, "-keyout", f(`${id}.key`), "-out", f(`${id}.csr`), "-subj", `/CN=${opts.cn}`);
      writeFileSync(
        f(`${id}.ext`),
        `basicConstraints=critical,CA:FALSE\nsubjectAltName=${opts.dns.map((d) => `DNS:${d}`).join(",")}\n`,
      );
      ossl(
        "x509",
        "-req",
        "-in",
        f(`${id}.csr`),
        "-CA",
        f("int.pem"),
        "-CAkey",
        f("int.key"),
        "-set_serial",
        `0x${opts.serial}`,
        "-days",
        String(opts.days),
        "-extfile",
        f(`${id}.ext`),
        "-out",
        f(`${id}.pem`),
      );
      return issued(readFileSync(f(`${id}.pem`), "utf8"));
    },
    /**
     * A CA certificate whose subject equals its issuer's name but that is signed by the root's key, not its
     * own: "self-issued" (a key rollover certificate), not self-signed.
     */
    selfIssued(): IssuedCert {
      ossl("req", ...ec, "-keyout", f("si.key"), "-out", f("si.csr"), "-subj", `/O=${o}/CN=${names.root}`);
      writeFileSync(
        f("si.ext"),
        "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n",
      );
      ossl(
        "x509",
        "-req",
        "-in",
        f("si.csr"),
        "-CA",
        f("root.pem"),
        "-CAkey",
        f("root.key"),
        "-set_serial",
        "77",
        "-days",
        "365",
        "-extfile",
        f("si.ext"),
        "-out",
        f("si.pem"),
      );
      return issued(readFileSync(f("si.pem"), "utf8"));
    },
  };
}
