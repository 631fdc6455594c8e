// Real certificates nobody here wrote: the operating system's CA bundle must ingest with no rejection as
// trust anchors (issue 11 item 5), with the expiry and key weakness `openssl x509` gives each one. Also the
// body size limit (a small POSTURE_INGEST_MAX_BYTES for this file).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as anchorsRoute } from "@/app/api/v1/certificates/trust-anchors/route";
import { runCertificateDetection } from "@/lib/certificates/detection";
import { hygieneKpi, rotationKpi } from "@/lib/certificates/kpi";
import { resetCertificates } from "./certificates-helpers";
import { call, db, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

process.env.POSTURE_INGEST_MAX_BYTES = String(1024 * 1024);

const BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
let token: string;
beforeAll(async () => {
  await resetCertificates();
  token = await tokenFor("operator");
});

/**
 * openssl's verdict per certificate: expired (-checkend 0), expiring within 90 days (-checkend 90 d), the
 * key alone weak (RSA < 2048 bits or DSA), and whether the self-signature uses SHA-1/MD5.
 */
function opensslVerdicts(pem: string) {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => {
    const run = (checkend: number) =>
      spawnSync(
        "openssl",
        ["x509", "-noout", "-text", "-fingerprint", "-sha256", "-checkend", String(checkend)],
        {
          input: b,
        },
      );
    const now = run(0);
    const text = now.stdout.toString();
    const fp = /sha256 Fingerprint=([0-9A-F:]+)/i.exec(text)?.[1] ?? "";
    const keyAlg = /Public Key Algorithm: (\S+)/.exec(text)?.[1] ?? "";
    const bits = Number(/Public-Key: \((\d+) bit\)/.exec(text)?.[1] ?? "0");
    const sig = /Signature Algorithm: (\S+)/.exec(text)?.[1] ?? "";
    const expired = now.status === 1;
    const expiring = !expired && run(90 * 86_400).status === 1;
    return {
      fingerprint: fp.replaceAll(":", "").toLowerCase(),
      expiry: expired ? "expired" : expiring ? "expiring" : "ok",
      weakKey: (keyAlg === "rsaEncryption" && bits < 2048) || keyAlg === "dsaEncryption",
      weakSignature: /sha1|md5|md2/i.test(sig),
    };
  });
}

describe("the OS CA bundle (Debian's ca-certificates.crt) through the ingest route", () => {
  it("is read as trust anchors: no inventory, no rotation or expiry findings, nothing weak by its self-signature", {
    timeout: 180_000,
  }, async () => {
    const pem = readFileSync(BUNDLE, "utf8");
    const expected = opensslVerdicts(pem);
    expect(expected.length).toBeGreaterThan(100);
    // The bundle holds SHA-1 self-signed roots: the case that used to be flagged weak.
    expect(expected.filter((e) => e.weakSignature && !e.weakKey).length).toBeGreaterThan(0);
    const r = await postIngest(token, "certificates?format=pem&cluster=os-trust", pem);
    expect(r.status).toBe(201);
    expect(r.json.rejectedCount).toBe(0);
    expect(r.json.accepted + r.json.duplicates).toBe(expected.length);
    expect(r.json.accepted).toBe(new Set(expected.map((e) => e.fingerprint)).size);

    // Not one working certificate: no lineage, so no rotation outcome, KPI entry or finding.
    const [{ n: lineages }] = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM certificate_lineage l JOIN cluster c ON c.id = l."clusterId" WHERE c.name = 'os-trust'`,
    );
    expect(lineages).toBe(0);
    const now = new Date();
    await runCertificateDetection({ now });
    const findings = await db().query(
      `SELECT 1 FROM finding f JOIN cluster c ON c.id = f."clusterId" WHERE c.name = 'os-trust' AND f.rule LIKE 'certificate.%'`,
    );
    expect(findings).toHaveLength(0);
    const k = await hygieneKpi({ from: now, to: now, cluster: "os-trust", now });
    expect(k).toMatchObject({ total: 0, expired: 0, weak: 0 });
    expect(await rotationKpi({ from: new Date(0), to: now, cluster: "os-trust", now })).toMatchObject({
      due: 0,
    });

    // The trust-anchor API lists every one, with openssl's expiry state and the key-only weakness.
    const api = await call(anchorsRoute, {
      token,
      path: "/api/v1/certificates/trust-anchors?cluster=os-trust&pageSize=500",
    });
    expect(api.status).toBe(200);
    const ours = new Map(
      (
        api.json.rows as { fingerprintSha256: string; expiry: string; weakKey: boolean; seenIn: unknown[] }[]
      ).map((x) => [x.fingerprintSha256, x]),
    );
    expect(ours.size).toBe(new Set(expected.map((e) => e.fingerprint)).size);
    for (const e of expected) {
      expect(ours.get(e.fingerprint), e.fingerprint).toMatchObject({
        expiry: e.expiry,
        weakKey: e.weakKey,
        seenIn: [{ cluster: "os-trust", source: "pem", where: "PEM upload" }],
      });
    }
    const count = (s: string) =>
      new Set(expected.filter((e) => e.expiry === s).map((e) => e.fingerprint)).size;
    expect(api.json.counts).toEqual({
      expired: count("expired"),
      expiring: count("expiring"),
      ok: count("ok"),
    });
    console.info(`[os ca bundle] ${expected.length} roots; anchors by expiry`, api.json.counts);
  });
});

describe("size limit", () => {
  it("a body over POSTURE_INGEST_MAX_BYTES is 413, declared or streamed, and nothing is stored", async () => {
    const big = "x".repeat(2 * 1024 * 1024);
    const declared = await postIngest(token, "certificates?format=pem&cluster=big", big, {
      "content-length": String(big.length),
    });
    expect(declared.status).toBe(413);
    const pem = readFileSync(BUNDLE, "utf8");
    const streamed = await postIngest(token, "certificates?format=pem&cluster=big", pem.repeat(6));
    expect(streamed.status).toBe(413);
    expect(streamed.json.error.message).toMatch(/limit of 1048576 bytes/);
    const stored = await db().query(
      `SELECT 1 FROM certificate_lineage l JOIN cluster c ON c.id = l."clusterId" WHERE c.name = 'big'`,
    );
    expect(stored).toHaveLength(0);
  });
});
