// Rotation on schedule (docs/kpis.md), every outcome class pinned against hand-computed instants.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expiresWithin, hygieneCounts, isExpired, isLongLived, isWeak, statusOf } from "./hygiene";
import {
  deadlineOf,
  graceMsOf,
  isDueInWindow,
  latenessMs,
  outcomeOf,
  rotationStats,
  withSuccessors,
} from "./rotation";

const t = (s: string) => new Date(s);
const S = 1000;
const H = 3600 * S;
const D = 24 * H;

// A 90-day certificate without cert-manager hints: deadline = notBefore + 2/3·90 d = +60 d, grace = 1 h.
const v90 = { notBefore: t("2025-01-01T00:00:00Z"), notAfter: t("2025-04-01T00:00:00Z") };
const deadline90 = t("2025-03-02T00:00:00Z");
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const farFuture = t("2030-01-01T00:00:00Z");

describe("deadline and grace", () => {
  it("2/3 of the lifetime without cert-manager hints; grace = min(1 h, L/10)", () => {
    expect(deadlineOf(v90)).toEqual(deadline90);
    expect(graceMsOf(v90)).toBe(H);
    // SPIRE SVID, 1 h: deadline at +40 min, grace 6 min.
    const svid = { notBefore: t("2025-06-15T11:31:07Z"), notAfter: t("2025-06-15T12:31:07Z") };
    expect(deadlineOf(svid)).toEqual(t("2025-06-15T12:11:07Z"));
    expect(graceMsOf(svid)).toBe(6 * 60 * S);
  });

  it("payments-api-mtls: renewBefore unset → notBefore + 2/3·30 d = 2025-06-21", () => {
    expect(deadlineOf({ notBefore: t("2025-06-01T00:00:00Z"), notAfter: t("2025-07-01T00:00:00Z") })).toEqual(
      t("2025-06-21T00:00:00Z"),
    );
  });

  it("renewBefore: notAfter − renewBefore (frontend-tls: 720 h before 2025-08-18T08:14:02Z)", () => {
    const v = {
      notBefore: t("2025-05-20T08:14:03Z"),
      notAfter: t("2025-08-18T08:14:02Z"),
      renewBeforeSeconds: 720 * 3600,
    };
    expect(deadlineOf(v)).toEqual(t("2025-07-19T08:14:02Z"));
  });

  it("status.renewalTime wins over renewBefore", () => {
    const v = { ...v90, renewalTime: t("2025-02-01T00:00:00Z"), renewBeforeSeconds: 3600 };
    expect(deadlineOf(v)).toEqual(t("2025-02-01T00:00:00Z"));
  });
});

describe("outcomes", () => {
  it("onTime: successor at deadline + 5 s (inside the 1 h grace), and at exactly deadline + grace", () => {
    expect(outcomeOf(v90, at(deadline90, 5 * S), farFuture)).toBe("onTime");
    expect(outcomeOf(v90, at(deadline90, H), farFuture)).toBe("onTime");
    expect(outcomeOf(v90, t("2025-02-15T00:00:00Z"), farFuture)).toBe("onTime"); // early
  });

  it("late: successor after deadline + grace but by notAfter", () => {
    expect(outcomeOf(v90, at(deadline90, H + S), farFuture)).toBe("late");
    expect(outcomeOf(v90, v90.notAfter, farFuture)).toBe("late");
  });

  it("ledger-db-client: renewalTime 2025-06-09T10:00Z, revision 3 from 2025-06-13T16:40:11Z → late by 4 d 6 h 40 min 11 s", () => {
    const rev2 = {
      notBefore: t("2025-05-17T10:00:00Z"),
      notAfter: t("2025-06-16T10:00:00Z"),
      renewalTime: t("2025-06-09T10:00:00Z"),
      renewBeforeSeconds: 168 * 3600,
    };
    const s = t("2025-06-13T16:40:11Z");
    expect(outcomeOf(rev2, s, t("2025-06-15T12:00:00Z"))).toBe("late");
    expect(latenessMs(rev2, s)).toBe(4 * D + 6 * H + 40 * 60 * S + 11 * S);
  });

  it("missed: successor after notAfter, or none and now past notAfter (ingressgw-public-tls)", () => {
    expect(outcomeOf(v90, at(v90.notAfter, S), farFuture)).toBe("missed");
    const ingress = {
      notBefore: t("2025-03-12T09:00:00Z"),
      notAfter: t("2025-06-10T09:00:00Z"),
      renewalTime: t("2025-05-26T09:00:00Z"),
    };
    expect(outcomeOf(ingress, null, t("2025-06-15T12:00:00Z"))).toBe("missed");
  });

  it("overdue: no successor, deadline + grace < now ≤ notAfter", () => {
    expect(outcomeOf(v90, null, at(deadline90, H + S))).toBe("overdue");
    expect(outcomeOf(v90, null, v90.notAfter)).toBe("overdue");
  });

  it("not yet due: before deadline + grace without a successor", () => {
    expect(outcomeOf(v90, null, at(deadline90, H))).toBe("notDue");
    expect(outcomeOf(v90, null, t("2025-01-02T00:00:00Z"))).toBe("notDue");
  });

  it("a successor that starts after now is not known yet", () => {
    expect(outcomeOf(v90, at(deadline90, 5 * S), at(deadline90, 2 * H - 1))).toBe("onTime");
    expect(outcomeOf(v90, at(deadline90, 3 * H), at(deadline90, 2 * H))).toBe("overdue");
  });
});

describe("due in the window and the percentage", () => {
  it("deadline in [from, to) and deadline + grace < now", () => {
    const w = { from: deadline90, to: at(deadline90, D) };
    expect(isDueInWindow(v90, w, at(deadline90, H + 1))).toBe(true);
    expect(isDueInWindow(v90, w, at(deadline90, H))).toBe(false); // grace not over yet
    expect(isDueInWindow(v90, { from: at(deadline90, 1), to: farFuture }, farFuture)).toBe(false);
    expect(isDueInWindow(v90, { from: t("2025-01-01T00:00:00Z"), to: deadline90 }, farFuture)).toBe(false); // half-open
  });

  it("percent = 100·onTime / (onTime + late + missed + overdue); null when nothing is due", () => {
    const now = t("2025-06-01T00:00:00Z");
    const w = { from: t("2025-01-01T00:00:00Z"), to: now };
    const stats = rotationStats(
      [
        { v: v90, successorNotBefore: at(deadline90, 5 * S) }, // onTime
        { v: { ...v90, renewalTime: t("2025-03-01T00:00:00Z") }, successorNotBefore: at(deadline90, 5 * S) }, // late (1 d after)
        { v: v90, successorNotBefore: at(v90.notAfter, S) }, // missed
        {
          v: { notBefore: t("2025-04-01T00:00:00Z"), notAfter: t("2025-06-30T00:00:00Z") },
          successorNotBefore: null,
        }, // 90 d: deadline 05-31: overdue
        {
          v: { notBefore: t("2025-05-30T00:00:00Z"), notAfter: t("2025-08-28T00:00:00Z") },
          successorNotBefore: null,
        }, // not due
      ],
      w,
      now,
    );
    expect(stats).toEqual({ due: 4, onTime: 1, late: 1, missed: 1, overdue: 1, percent: 25 });
    expect(rotationStats([], w, now).percent).toBeNull();
  });

  it("withSuccessors orders by notBefore and leaves out versions without one", () => {
    const a = { id: "a", notBefore: t("2025-01-01T00:00:00Z") };
    const b = { id: "b", notBefore: t("2025-02-01T00:00:00Z") };
    const c = { id: "c", notBefore: null };
    expect(
      withSuccessors([b, c, a]).map((x) => [x.version.id, x.successorNotBefore?.toISOString() ?? null]),
    ).toEqual([
      ["a", "2025-02-01T00:00:00.000Z"],
      ["b", null],
    ]);
  });

  it("property: the four classes partition the due versions and percent stays in [0, 100]", () => {
    const date = fc.integer({ min: 1.7e12, max: 1.8e12 }).map((n) => new Date(n));
    const version = fc
      .tuple(
        date,
        fc.integer({ min: 60_000, max: 400 * D }),
        fc.option(fc.integer({ min: -50 * D, max: 500 * D })),
      )
      .map(([nb, life, succ]) => ({
        v: { notBefore: nb, notAfter: new Date(nb.getTime() + life) },
        successorNotBefore: succ === null ? null : new Date(nb.getTime() + succ),
      }));
    fc.assert(
      fc.property(fc.array(version, { maxLength: 30 }), date, (vs, now) => {
        const s = rotationStats(vs, { from: new Date(1.6e12), to: new Date(1.9e12) }, now);
        expect(s.onTime + s.late + s.missed + s.overdue).toBe(s.due);
        if (s.percent !== null) expect(s.percent).toBeGreaterThanOrEqual(0);
        if (s.percent !== null) expect(s.percent).toBeLessThanOrEqual(100);
        expect(s.percent === null).toBe(s.due === 0);
      }),
    );
  });
});

describe("hygiene (docs/kpis.md, certificate hygiene)", () => {
  const now = t("2025-06-15T12:00:00Z");
  it("weak: RSA < 2048, DSA, SHA-1/MD5 signatures", () => {
    expect(
      isWeak({ keyAlgorithm: "RSA", keySize: 1024, signatureAlgorithm: "sha256WithRSAEncryption" }),
    ).toBe(true);
    expect(
      isWeak({ keyAlgorithm: "RSA", keySize: 2048, signatureAlgorithm: "sha256WithRSAEncryption" }),
    ).toBe(false);
    expect(isWeak({ keyAlgorithm: "DSA", keySize: 2048, signatureAlgorithm: "dsa_with_SHA256" })).toBe(true);
    expect(isWeak({ keyAlgorithm: "EC", keySize: 256, signatureAlgorithm: "ecdsa-with-SHA1" })).toBe(true);
    expect(isWeak({ keyAlgorithm: "RSA", keySize: 4096, signatureAlgorithm: "md5WithRSAEncryption" })).toBe(
      true,
    );
    expect(isWeak({ keyAlgorithm: "ECDSA", keySize: 256, signatureAlgorithm: null })).toBe(false);
  });

  it("long-lived: non-CA lifetime over 90 days (90 d exactly is not)", () => {
    const nb = t("2025-03-12T09:00:00Z");
    expect(isLongLived({ isCA: false, notBefore: nb, notAfter: at(nb, 90 * D) })).toBe(false);
    expect(isLongLived({ isCA: false, notBefore: nb, notAfter: at(nb, 90 * D + S) })).toBe(true);
    expect(isLongLived({ isCA: true, notBefore: nb, notAfter: at(nb, 3650 * D) })).toBe(false);
    expect(isLongLived({ isCA: false, notBefore: null, notAfter: at(nb, 3650 * D) })).toBe(false);
  });

  it("expired only when reported or seen after notAfter; expiring windows are [now, now + N d)", () => {
    const gone = {
      notAfter: t("2025-06-10T09:00:00Z"),
      reportedExpired: false,
      lastSeenAt: t("2025-06-15T12:00:00Z"),
    };
    expect(isExpired(gone, now)).toBe(true);
    expect(isExpired({ ...gone, lastSeenAt: t("2025-06-01T00:00:00Z") }, now)).toBe(false);
    expect(isExpired({ ...gone, lastSeenAt: t("2025-06-01T00:00:00Z"), reportedExpired: true }, now)).toBe(
      true,
    );
    expect(statusOf({ ...gone, lastSeenAt: t("2025-06-01T00:00:00Z") }, now)).toBe("lapsed");
    expect(expiresWithin({ notAfter: now }, now, 7)).toBe(true);
    expect(expiresWithin({ notAfter: at(now, 7 * D) }, now, 7)).toBe(false);
    expect(expiresWithin({ notAfter: at(now, 7 * D) }, now, 30)).toBe(true);
  });

  it("counts: the 30-day count includes the 7-day ones", () => {
    const base = {
      notBefore: t("2025-06-01T00:00:00Z"),
      keyAlgorithm: "EC",
      keySize: 256,
      signatureAlgorithm: "ecdsa-with-SHA256",
      isCA: false,
      reportedExpired: false,
      lastSeenAt: now,
    };
    const c = hygieneCounts(
      [
        { ...base, notAfter: at(now, 2 * D) },
        { ...base, notAfter: at(now, 20 * D) },
        { ...base, notAfter: t("2025-06-10T00:00:00Z") },
        { ...base, notAfter: t("2026-06-10T00:00:00Z"), keyAlgorithm: "RSA", keySize: 1024 },
      ],
      now,
    );
    expect(c).toEqual({ total: 4, expired: 1, expiring7d: 1, expiring30d: 2, weak: 1, longLived: 1 });
  });
});
