// Real certificates nobody here wrote: the operating system's CA bundle must ingest with no rejection,
// and what we call weak/expired must match what `openssl x509` says about each certificate. Also the
// body size limit (a small POSTURE_INGEST_MAX_BYTES for this file).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as ingestRoute } from "@/app/api/v1/ingest/[kind]/route";
import { hygieneKpi } from "@/lib/certificates/kpi";
import { resetCertificates } from "./certificates-helpers";
import { call, db, tokenFor } from "./fixtures";

process.env.POSTURE_INGEST_MAX_BYTES = String(1024 * 1024);

const BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
let token: string;
beforeAll(async () => {
  await resetCertificates();
  token = await tokenFor("operator");
});

/** openssl's verdict per certificate: weak = RSA < 2048 bits, DSA, or a SHA-1/MD5 signature. */
function opensslVerdicts(pem: string) {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => {
    // One run per certificate: the text, the fingerprint and -checkend 0 (exit status 1 = expired).
    const run = spawnSync(
      "openssl",
      ["x509", "-noout", "-text", "-fingerprint", "-sha256", "-checkend", "0"],
      { input: b },
    );
    const text = run.stdout.toString();
    const expired = run.status === 1;
    const fp = /sha256 Fingerprint=([0-9A-F:]+)/i.exec(text)?.[1] ?? "";
    const keyAlg = /Public Key Algorithm: (\S+)/.exec(text)?.[1] ?? "";
    const bits = Number(/Public-Key: \((\d+) bit\)/.exec(text)?.[1] ?? "0");
    const sig = /Signature Algorithm: (\S+)/.exec(text)?.[1] ?? "";
    const weak =
      (keyAlg === "rsaEncryption" && bits < 2048) || keyAlg === "dsaEncryption" || /sha1|md5|md2/i.test(sig);
    return { fingerprint: fp.replaceAll(":", "").toLowerCase(), weak, expired };
  });
}

describe("the OS CA bundle", () => {
  it("ingests with zero rejections; weak and expired counts match openssl", {
    timeout: 180_000,
  }, async () => {
    const pem = readFileSync(BUNDLE, "utf8");
    const expected = opensslVerdicts(pem);
    expect(expected.length).toBeGreaterThan(100);
    const r = await call(ingestRoute, {
      method: "POST",
      token,
      body: pem,
      path: "/api/v1/ingest/certificates?format=pem&cluster=os-trust",
      params: { kind: "certificates" },
    });
    expect(r.status).toBe(201);
    expect(r.json.rejectedCount).toBe(0);
    expect(r.json.accepted + r.json.duplicates).toBe(expected.length);

    const now = new Date();
    const rows = await db().query<{ fp: string; weak: boolean; expired: boolean }>(
      `SELECT v."fingerprintSha256" AS fp, v.weak, (v."notAfter" < $1) AS expired
         FROM certificate_version v JOIN certificate_lineage l ON l.id = v."lineageId" JOIN cluster c ON c.id = l."clusterId"
        WHERE c.name = 'os-trust'`,
      [now],
    );
    const ours = new Map(rows.map((x) => [x.fp, x]));
    for (const e of expected) {
      expect(ours.get(e.fingerprint), e.fingerprint).toMatchObject({ weak: e.weak, expired: e.expired });
    }
    const weak = expected.filter((e) => e.weak).length;
    const expiredCount = expected.filter((e) => e.expired).length;
    expect(rows.filter((x) => x.weak).length).toBe(weak);
    expect(rows.filter((x) => x.expired).length).toBe(expiredCount);

    // The KPI counts the newest version per lineage; roots sharing issuer+subject are one lineage.
    const [{ n: lineages }] = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM certificate_lineage l JOIN cluster c ON c.id = l."clusterId" WHERE c.name = 'os-trust'`,
    );
    const k = await hygieneKpi({ from: now, to: now, cluster: "os-trust", now });
    expect(k.total).toBe(lineages);
    expect(k.weak).toBeLessThanOrEqual(weak);
    expect(k.expired).toBeLessThanOrEqual(expiredCount);
    console.info(
      `[os ca bundle] ${expected.length} certificates, ${lineages} lineages; openssl: weak ${weak}, expired ${expiredCount}; KPI`,
      k,
    );
  });
});

describe("size limit", () => {
  it("a body over POSTURE_INGEST_MAX_BYTES is 413, declared or streamed, and nothing is stored", async () => {
    const big = "x".repeat(2 * 1024 * 1024);
    const declared = await call(ingestRoute, {
      method: "POST",
      token,
      body: big,
      path: "/api/v1/ingest/certificates?format=pem&cluster=big",
      params: { kind: "certificates" },
      headers: { "content-length": String(big.length) },
    });
    expect(declared.status).toBe(413);
    const pem = readFileSync(BUNDLE, "utf8");
    const streamed = await call(ingestRoute, {
      method: "POST",
      token,
      body: pem.repeat(6),
      path: "/api/v1/ingest/certificates?format=pem&cluster=big",
      params: { kind: "certificates" },
    });
    expect(streamed.status).toBe(413);
    expect(streamed.json.error.message).toMatch(/limit of 1048576 bytes/);
    const stored = await db().query(
      `SELECT 1 FROM certificate_lineage l JOIN cluster c ON c.id = l."clusterId" WHERE c.name = 'big'`,
    );
    expect(stored).toHaveLength(0);
  });
});
