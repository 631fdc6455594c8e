// A minimal DER reader: just enough of X.509 for what Node 20's X509Certificate does not expose
// (the signature algorithm, SANs as a list, validity as exact instants). Every read is bounds-checked
// and throws DerError on malformed input, so a broken certificate is a per-record rejection.

export class DerError extends Error {}

export interface Tlv {
  /** The full identifier octet (class + constructed bit + tag number < 31). */
  tag: number;
  /** Offset of the value within the buffer. */
  start: number;
  /** Offset just after the value. */
  end: number;
  /** Offset of the identifier octet (for re-encoding a whole element). */
  headerStart: number;
}

export function readTlv(buf: Uint8Array, offset: number, limit = buf.length): Tlv {
  if (offset + 2 > limit) throw new DerError("truncated element");
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError("high tag numbers are not used in X.509");
  let len = buf[offset + 1];
  let p = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DerError("unsupported length encoding");
    if (p + n > limit) throw new DerError("truncated length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i];
    p += n;
  }
  if (p + len > limit) throw new DerError("element runs past its container");
  return { tag, start: p, end: p + len, headerStart: offset };
}

/** The children of a constructed element. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = parent.start;
  while (p < parent.end) {
    const t = readTlv(buf, p, parent.end);
    out.push(t);
    p = t.end;
  }
  return out;
}

export function expectTag(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || t.tag !== tag) throw new DerError(`expected ${what}`);
  return t;
}

export function decodeOid(buf: Uint8Array, t: Tlv): string {
  if (t.tag !== 0x06) throw new DerError("expected an OBJECT IDENTIFIER");
  const parts: number[] = [];
  let v = 0;
  for (let i = t.start; i < t.end; i++) {
    v = v * 128 + (buf[i] & 0x7f);
    if (!(buf[i] & 0x80)) {
      if (parts.length === 0) {
        const first = v < 80 ? Math.floor(v / 40) : 2;
        parts.push(first, v - first * 40);
      } else parts.push(v);
      v = 0;
    }
  }
  return parts.join(".");
}

/** UTCTime (two-digit years: 50–99 → 19xx) or GeneralizedTime, both in their DER (Z) form. */
export function decodeTime(buf: Uint8Array, t: Tlv): Date {
  const s = Buffer.from(buf.subarray(t.start, t.end)).toString("latin1");
  const utc = t.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s) : null;
  if (utc) {
    const yy = Number(utc[1]);
    return new Date(
      Date.UTC(
        yy >= 50 ? 1900 + yy : 2000 + yy,
        Number(utc[2]) - 1,
        Number(utc[3]),
        Number(utc[4]),
        Number(utc[5]),
        Number(utc[6] ?? 0),
      ),
    );
  }
  const gen = t.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(s) : null;
  if (gen) {
    const d = new Date(0);
    d.setUTCFullYear(Number(gen[1]), Number(gen[2]) - 1, Number(gen[3]));
    d.setUTCHours(
      Number(gen[4]),
      Number(gen[5]),
      Number(gen[6]),
      Number((gen[7] ?? "0").padEnd(3, "0").slice(0, 3)),
    );
    return d;
  }
  throw new DerError(`unreadable time "${s.slice(0, 20)}"`);
}
