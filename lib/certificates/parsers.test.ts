// Parsers: PEM bundles, cert-manager Lists/envelopes, x509-exporter exposition, Go durations.
// Expected values were read with `openssl x509 -noout -text -fingerprint -sha256` on the same files.
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatGoDuration, parseGoDuration } from "./duration";
import { CertManagerPayloadError, parseCertManager } from "./formats/cert-manager";
import { PemError, parsePem, toPem } from "./formats/pem";
import { parseX509Exposition } from "./formats/x509-exporter";
import { parseTlsChains, TlsChainError } from "./tls-chain";

const td = (f: string) => readFileSync(path.join(import.meta.dirname, "testdata", f));
const sample = (f: string) => readFileSync(path.resolve("lib/demo/fixtures/certificates", f), "utf8");

describe("X.509 via PEM", () => {
  it("reads an Istio-style leaf (empty subject, URI SAN) and its intermediate", () => {
    const items = parsePem(sample("istio-workload-cert-chain.pem"));
    expect(items).toHaveLength(2);
    const [leaf, inter] = items;
    if (!leaf.ok || !inter.ok) throw new Error("expected two certificates");
    expect(leaf.cert.fingerprintSha256).toBe(
      "86c9a516b0e6eadbb0129c08759d9fba739a7e17b86776fd1b8d68476c34a282",
    );
    expect(leaf.cert.serial).toBe("2E97DD74B859610AF51C158E9C122144D73E2D77");
    expect(leaf.cert.subject).toBe("");
    expect(leaf.cert.issuer).toBe("O=acme.internal, CN=Intermediate CA us-east-prod");
    expect(leaf.cert.sans).toEqual(["URI:spiffe://acme.internal/ns/shop/sa/frontend"]);
    expect(leaf.cert.spiffeId).toBe("spiffe://acme.internal/ns/shop/sa/frontend");
    expect(leaf.cert.notBefore.toISOString()).toBe("2025-06-15T03:10:44.000Z");
    expect(leaf.cert.notAfter.toISOString()).toBe("2025-06-16T03:10:44.000Z");
    expect(leaf.cert).toMatchObject({
      keyAlgorithm: "EC",
      keySize: 256,
      keyCurve: "prime256v1",
      signatureAlgorithm: "ecdsa-with-SHA256",
      isCA: false,
    });
    expect(inter.cert).toMatchObject({
      isCA: true,
      subject: "O=acme.internal, CN=Intermediate CA us-east-prod",
    });
    expect(inter.cert.notAfter.toISOString()).toBe("2026-01-06T00:00:00.000Z");
    expect([leaf.index, leaf.line, inter.index]).toEqual([0, 1, 1]);
  });

  it("reads RSA size, SHA-1 signature and every SAN type", () => {
    const [c] = parsePem(td("rsa1024-sha1.pem").toString());
    if (!c.ok) throw new Error(c.reason);
    expect(c.cert).toMatchObject({
      keyAlgorithm: "RSA",
      keySize: 1024,
      signatureAlgorithm: "sha1WithRSAEncryption",
      selfSigned: true,
    });
    expect(c.cert.fingerprintSha256).toBe("7c03e7b24623999ebd1bc896a38c28002105be3e238ad345cbedcfe524e334c1");
    expect(c.cert.sans).toEqual([
      "DNS:weak.example",
      "DNS:b.weak.example",
      "IP:10.0.0.1",
      "IP:2001:0db8:0000:0000:0000:0000:0000:0001",
      "email:ops@weak.example",
      "URI:spiffe://weak.example/ns/a/sa/b",
    ]);
    expect(c.cert.subject).toBe("C=DE, O=Weak Corp, CN=weak.example");
    expect(c.cert.commonName).toBe("weak.example");
    expect(c.cert.notAfter.toISOString()).toBe("2027-12-28T18:07:14.000Z");
  });

  it("reads DSA and Ed25519 keys", () => {
    const [d] = parsePem(td("dsa.pem").toString());
    const [e] = parsePem(td("ed25519.pem").toString());
    if (!d.ok || !e.ok) throw new Error("parse failed");
    expect(d.cert).toMatchObject({
      keyAlgorithm: "DSA",
      keySize: 2048,
      signatureAlgorithm: "dsa_with_SHA256",
    });
    expect(e.cert).toMatchObject({ keyAlgorithm: "Ed25519", signatureAlgorithm: "ED25519" });
  });

  it("tolerates CRLF and text around blocks; skips a private key with a note", () => {
    const text = `subject=CN = long.example\r\n${td("rsa2048.pem").toString().replace(/\n/g, "\r\n")}\r\nsome trailer\r\n${td("private-key.pem")}`;
    const items = parsePem(text);
    expect(items).toHaveLength(2);
    expect(items[0].ok && items[0].cert.fingerprintSha256).toBe(
      "73925dbea09c10fee155553c67f2c77e752f53dc395bf297b17180e1a8fe52b2",
    );
    expect(items[0].line).toBe(2);
    expect(items[1]).toMatchObject({ ok: false, index: 1 });
    expect(!items[1].ok && items[1].reason).toMatch(/PRIVATE KEY block is not a certificate.*private key/);
  });

  it("rejects a truncated block, base64 garbage and a mislabelled block per block", () => {
    const good = td("ed25519.pem").toString();
    const cut = good.slice(0, good.length - 40);
    const items = parsePem(
      `${good}-----BEGIN CERTIFICATE-----\nZm9v!!bad\n-----END CERTIFICATE-----\n${cut}`,
    );
    expect(items.map((i) => i.ok)).toEqual([true, false, false]);
    expect(!items[1].ok && items[1].reason).toMatch(/not valid base64/);
    expect(!items[2].ok && items[2].reason).toMatch(/truncated: BEGIN CERTIFICATE has no END/);
    const wrongDer = parsePem("-----BEGIN CERTIFICATE-----\nZm9vYmFy\n-----END CERTIFICATE-----\n");
    expect(wrongDer[0].ok).toBe(false);
  });

  it("refuses a payload without any PEM block (DER, garbage)", () => {
    expect(() => parsePem(td("rsa2048.der").toString("latin1"))).toThrow(/binary DER/);
    expect(() => parsePem("bm90IGEgY2VydGlmaWNhdGU=")).toThrow(PemError);
  });

  it("property: any bytes never crash the parser; it throws PemError or returns items", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        try {
          const items = parsePem(s);
          expect(Array.isArray(items)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(PemError);
        }
      }),
    );
  });

  it("property: random base64 inside a CERTIFICATE block is a per-block rejection, never an exception", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 600 }), (bytes) => {
        const items = parsePem(toPem(bytes));
        expect(items).toHaveLength(1);
        expect(items[0].ok).toBe(false);
      }),
    );
  });

  it("property: a bundle of real certs in any order, with any line ends and noise, parses to the same fingerprints", () => {
    const certs = ["rsa2048.pem", "ed25519.pem", "dsa.pem", "rsa1024-sha1.pem"].map((f) => td(f).toString());
    const fps = new Map(
      certs.map((c) => [
        c,
        (parsePem(c)[0] as { cert: { fingerprintSha256: string } }).cert.fingerprintSha256,
      ]),
    );
    fc.assert(
      fc.property(
        fc.shuffledSubarray(certs, { minLength: 1 }),
        fc.boolean(),
        fc.array(fc.stringMatching(/^[a-z =]{0,20}$/), { minLength: 5, maxLength: 5 }),
        (picked, crlf, noise) => {
          let text = picked.map((c, i) => `${noise[i]}\n${c}`).join("");
          if (crlf) text = text.replace(/\n/g, "\r\n");
          const items = parsePem(text);
          expect(items.map((i) => (i.ok ? i.cert.fingerprintSha256 : i.reason))).toEqual(
            picked.map((c) => fps.get(c)),
          );
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("cert-manager", () => {
  it("reads the array of envelopes: 9 Certificates across three snapshots", () => {
    const items = parseCertManager(sample("certmanager-certificates.json"), null);
    expect(items).toHaveLength(9);
    expect(items.every((i) => i.ok)).toBe(true);
    const obs = items.map((i) => (i.ok ? i.obs : null)!);
    const ledger = obs.filter((o) => o.lineageIdentity === "ledger/ledger-db-client");
    expect(
      ledger.map((o) => [o.cluster, o.revision, o.observedAt?.toISOString(), o.renewalTime?.toISOString()]),
    ).toEqual([
      ["us-east-prod", 2, "2025-06-12T12:00:00.000Z", "2025-06-09T10:00:00.000Z"],
      ["us-east-prod", 3, "2025-06-15T12:00:00.000Z", "2025-07-06T16:40:10.000Z"],
    ]);
    expect(ledger[0]).toMatchObject({
      renewBeforeSeconds: 168 * 3600,
      versionKey: "rev:2",
      spiffeId: "spiffe://acme.internal/ns/ledger/sa/ledger-writer",
    });
    expect(ledger[0].certManager).toMatchObject({ ready: "True", issuing: true, failedIssuanceAttempts: 4 });
    const ingress = obs.find((o) => o.name === "ingressgw-public-tls")!;
    expect(ingress).toMatchObject({
      reportedExpired: true,
      issuer: "ClusterIssuer/vault-pki",
      sans: ["DNS:api.eu.acme.example"],
    });
    expect(ingress.certManager).toMatchObject({ ready: "False", readyReason: "Expired" });
    const ca = obs.find((o) => o.name === "istio-intermediate-ca")!;
    expect(ca).toMatchObject({
      isCA: true,
      subject: "CN=istio-intermediate-ca",
      keyAlgorithm: "ECDSA",
      keySize: 256,
    });
    const payments = obs.find((o) => o.name === "payments-api-mtls")!;
    expect(payments.renewBeforeSeconds).toBeNull();
  });

  it("reads a raw List with the cluster given on upload, and refuses it without one", () => {
    const raw = sample("certmanager-certificates.eu-west-prod.raw.json");
    const items = parseCertManager(raw, "eu-west-prod");
    expect(items).toHaveLength(3);
    expect(items.every((i) => i.ok && i.obs.cluster === "eu-west-prod" && i.obs.observedAt === null)).toBe(
      true,
    );
    expect(() => parseCertManager(raw, null)).toThrow(/No cluster/);
  });

  it("a broken item among good ones is a per-record rejection with its index", () => {
    const list = JSON.parse(sample("certmanager-certificates.eu-west-prod.raw.json"));
    list.items[1].status.notAfter = "yesterday";
    delete list.items[2].metadata.namespace;
    list.items.push({
      kind: "Certificate",
      metadata: { name: "new", namespace: "x" },
      spec: { issuerRef: { name: "ca" } },
    });
    list.items.push({ ...list.items[0], spec: { ...list.items[0].spec, renewBefore: "30d" } });
    const items = parseCertManager(JSON.stringify(list), "c1");
    expect(items.map((i) => i.ok)).toEqual([true, false, false, false, false]);
    expect(items.map((i) => i.index)).toEqual([0, 1, 2, 3, 4]);
    expect(!items[1].ok && items[1].reason).toMatch(/status.notAfter: not an RFC 3339 time/);
    expect(!items[2].ok && items[2].reason).toMatch(/metadata.namespace/);
    expect(!items[3].ok && items[3].reason).toMatch(/not issued yet/);
    expect(!items[4].ok && items[4].reason).toMatch(/spec.renewBefore: not a Go duration/);
  });

  it("refuses what is not JSON or not a List", () => {
    expect(() => parseCertManager("{", "c")).toThrow(CertManagerPayloadError);
    expect(() => parseCertManager(`{"kind":"Pod"}`, "c")).toThrow(/Expected a List/);
    expect(() => parseCertManager(`[{"cluster":"c","payload":{"kind":"Pod"}}]`, null)).toThrow(/envelope 0/);
  });

  it("property: arbitrary JSON never crashes it", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        try {
          parseCertManager(JSON.stringify(v), "c");
        } catch (e) {
          expect(e).toBeInstanceOf(CertManagerPayloadError);
        }
      }),
    );
  });
});

describe("Go durations", () => {
  it("parses cert-manager's forms", () => {
    expect(parseGoDuration("2160h0m0s")).toBe(90 * 86400);
    expect(parseGoDuration("720h")).toBe(30 * 86400);
    expect(parseGoDuration("1h30m")).toBe(5400);
    expect(parseGoDuration("1.5h")).toBe(5400);
    expect(parseGoDuration("300ms")).toBeCloseTo(0.3);
    expect(parseGoDuration("0")).toBe(0);
    for (const bad of ["30d", "", "h", "1h 30m", "-", "1x"]) expect(parseGoDuration(bad), bad).toBeNull();
  });

  it("property: format then parse round-trips whole seconds", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (s) => {
        expect(parseGoDuration(formatGoDuration(s))).toBe(s === 0 ? 0 : s);
      }),
    );
  });
});

describe("x509-exporter exposition", () => {
  it("reads the sample: 3 exporter certificates, 1 blackbox probe, certmanager_* reported once per family", () => {
    const items = parseX509Exposition(sample("cert-expiry-metrics.prom"), "eu-west-prod");
    const ok = items.filter((i) => i.ok).map((i) => (i.ok ? i.obs : null)!);
    expect(ok).toHaveLength(4);
    const ingress = ok.find((o) => o.name === "ingressgw-public-tls")!;
    expect(ingress).toMatchObject({
      source: "x509-exporter",
      namespace: "istio-ingress",
      subject: "CN=api.eu.acme.example",
      issuer: "O=Acme Corp, CN=Acme Vault PKI Int",
      serial: BigInt("55120983746512093").toString(16).toUpperCase(),
      reportedExpired: true,
      where: "secret istio-ingress/ingressgw-public-tls key tls.crt",
    });
    expect(ingress.notAfter.toISOString()).toBe("2025-06-10T09:00:00.000Z"); // 1.749546000e+09
    const frontend = ok.find((o) => o.name === "frontend-tls")!;
    expect(frontend.notAfter.toISOString()).toBe("2025-08-18T08:14:02.000Z"); // 1.755504842e+09
    expect(frontend.reportedExpired).toBe(false);
    const probe = ok.find((o) => o.source === "blackbox")!;
    expect(probe).toMatchObject({
      fingerprintSha256: "6c1f0e8d2b3a49c5d7e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d",
      sans: ["DNS:shop.eu.acme.example", "DNS:www.shop.eu.acme.example"],
      name: "https://shop.eu.acme.example",
    });
    const rejected = items.filter((i) => !i.ok);
    expect(rejected.map((r) => (!r.ok ? r.reason.split(" (")[0] : ""))).toEqual([
      "ignored: certmanager_certificate_expiration_timestamp_seconds",
      "ignored: certmanager_certificate_renewal_timestamp_seconds",
      "ignored: certmanager_certificate_ready_status",
    ]);
  });

  it("parses escaped labels and rejects malformed lines per line", () => {
    const text = [
      'x509_cert_not_after{subject_CN="a \\"quoted\\" name",serial_number="10"} 1700000000',
      "x509_cert_not_after{broken 1",
      'x509_cert_expired{subject_CN="no-not-after"} 1',
    ].join("\n");
    const items = parseX509Exposition(text, "c");
    expect(items.map((i) => [i.line, i.ok])).toEqual([
      [1, true],
      [2, false],
      [3, false],
    ]);
    expect(items[0].ok && items[0].obs.subject).toBe('CN=a "quoted" name');
    expect(items[0].ok && items[0].obs.serial).toBe("A");
    expect(!items[2].ok && items[2].reason).toMatch(/no x509_cert_not_after/);
  });

  it("refuses text that has no series at all", () => {
    expect(() => parseX509Exposition("hello world\nfoo", "c")).toThrow(/not text exposition/);
  });

  it("property: arbitrary text never throws anything but ExpositionError", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        try {
          parseX509Exposition(s, "c");
        } catch (e) {
          expect((e as Error).name === "Error" || (e as Error).constructor.name === "ExpositionError").toBe(
            true,
          );
          expect((e as Error).constructor.name).toBe("ExpositionError");
        }
      }),
    );
  });
});

describe("tls-chain (the tls-endpoints connector's payload)", () => {
  it("one record per served certificate; a failed endpoint or a broken certificate is one rejection", () => {
    const der = (f: string) =>
      Buffer.from(
        td(f)
          .toString()
          .replace(/-----[^-]+-----|\s/g, ""),
        "base64",
      ).toString("base64");
    const items = parseTlsChains(
      JSON.stringify({
        collectedAt: "2025-06-15T12:00:00Z",
        endpoints: [
          { endpoint: "a.example:443", chain: [der("rsa2048.pem"), der("ed25519.pem")] },
          { endpoint: "b.example:443", chain: [], error: "connect ECONNREFUSED" },
          { endpoint: "c.example:443", chain: ["Zm9v"] },
        ],
      }),
    );
    expect(items.map((i) => (i.ok ? i.obs.where : i.reason))).toEqual([
      "tls a.example:443",
      "tls a.example:443 (chain 1)",
      "b.example:443: connect ECONNREFUSED",
      expect.stringMatching(/^c.example:443 chain 0: not a valid X.509 certificate/),
    ]);
    expect(items[0].ok && items[0].obs.observedAt?.toISOString()).toBe("2025-06-15T12:00:00.000Z");
    expect(items[0].ok && items[0].obs.name).toBe("a.example:443");
  });

  it("refuses what is not that payload", () => {
    expect(() => parseTlsChains("nope")).toThrow(TlsChainError);
    expect(() => parseTlsChains(`{"endpoints":[]}`)).toThrow(/collectedAt/);
  });
});
