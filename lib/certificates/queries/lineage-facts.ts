import "server-only";
import type { Sql } from "@/lib/db/sql";
import { ruleLabel } from "@/lib/detection/rules";

/** One link of an issuer chain: a certificate in the inventory, or only the issuer's name when it is not. */
export interface ChainLink {
  subject: string;
  /** Present when the issuing certificate is in the inventory. */
  fingerprintSha256: string | null;
  notAfter: string | null;
  selfSigned: boolean;
  /** A root the organisation trusts (listed on the trust-anchors page, not in the inventory). */
  trustAnchor: boolean;
}

/** The certificate's own facts, where it was seen, and the findings and risks that concern it. */
export interface LineageFacts {
  subject: string;
  issuer: string;
  sans: string[];
  spiffeId: string | null;
  serial: string | null;
  fingerprintSha256: string | null;
  keyAlgorithm: string | null;
  keySize: number | null;
  keyCurve: string | null;
  signatureAlgorithm: string | null;
  isCA: boolean;
  /** The current certificate first, then its issuer, its issuer's issuer … up to a self-signed root. */
  issuerChain: ChainLink[];
  /** Each place, with the sources that reported it there (cert-manager, pem, tls-endpoint…). */
  seenIn: { cluster: string | null; where: string; sources: string; lastSeenAt: string }[];
  findings: {
    id: string;
    rule: string;
    ruleLabel: string;
    title: string;
    severity: string;
    resolvedAt: string | null;
    incidentId: string | null;
    incidentNumber: number | null;
  }[];
  risks: { id: string; title: string; status: string }[];
}

const MAX_CHAIN = 6;

/**
 * Completes a chain read from the inventory: when the last certificate found is not self-signed, its
 * issuer is named as a link that is not in the inventory (so the reader sees the chain is incomplete).
 */
export function completeChain(found: (ChainLink & { issuer: string })[], leafIssuer: string): ChainLink[] {
  const links: ChainLink[] = found.map(({ issuer: _i, ...l }) => l);
  const last = found.at(-1);
  const open = last ? !last.selfSigned && last.issuer !== last.subject : true;
  if (open && links.length < MAX_CHAIN) {
    links.push({
      subject: last ? last.issuer : leafIssuer,
      fingerprintSha256: null,
      notAfter: null,
      selfSigned: false,
      trustAnchor: false,
    });
  }
  return links;
}

/** Facts of a lineage's current version (`versionId`), in one read-only pass. */
export async function lineageFacts(
  sql: Sql,
  lineage: { id: string; cluster: string | null },
  versionId: string | null,
): Promise<LineageFacts | null> {
  if (!versionId) return null;
  const [v] = await sql.query<
    Omit<LineageFacts, "issuerChain" | "seenIn" | "findings" | "risks"> & {
      certificateId: string | null;
      seenIn: { cluster: string | null; where: string }[] | null;
    }
  >(
    `SELECT v.subject, v.issuer, v.sans, v."spiffeId", v.serial, v."fingerprintSha256", v."keyAlgorithm", v."keySize",
            c."keyCurve", v."signatureAlgorithm", v."isCA", v."certificateId"
       FROM certificate_version v LEFT JOIN certificate c ON c.id = v."certificateId" WHERE v.id = $1`,
    [versionId],
  );
  if (!v) return null;
  // Walk issuer names up through the inventory's CA certificates (the newest one of each name).
  const chain = v.certificateId
    ? await sql.query<ChainLink & { issuer: string }>(
        `WITH RECURSIVE chain AS (
           SELECT c.subject, c.issuer, c."fingerprintSha256", c."notAfter", c."selfSigned", c."trustAnchor", 0 AS depth
             FROM certificate c WHERE c.id = $1
           UNION ALL
           SELECT p.subject, p.issuer, p."fingerprintSha256", p."notAfter", p."selfSigned", p."trustAnchor", chain.depth + 1
             FROM chain CROSS JOIN LATERAL (
               SELECT * FROM certificate p WHERE p.subject = chain.issuer AND p."isCA" ORDER BY p."notAfter" DESC LIMIT 1
             ) p
            WHERE NOT chain."selfSigned" AND chain.subject <> chain.issuer AND chain.depth < $2
         )
         SELECT subject, issuer, "fingerprintSha256", to_json("notAfter")#>>'{}' AS "notAfter", "selfSigned", "trustAnchor"
           FROM chain ORDER BY depth`,
        [v.certificateId, MAX_CHAIN - 1],
      )
    : [];
  // Every place any version was seen (merged sightings of every source), newest first.
  const seenIn = await sql.query<LineageFacts["seenIn"][number]>(
    `SELECT cluster, "where", string_agg(DISTINCT source, ', ' ORDER BY source) AS sources,
            to_json(max("lastSeenAt"))#>>'{}' AS "lastSeenAt"
       FROM (SELECT s->>'cluster' AS cluster, s->>'source' AS source, s->>'where' AS "where", v."lastSeenAt"
               FROM certificate_version v CROSS JOIN LATERAL jsonb_array_elements(v."seenIn") s WHERE v."lineageId" = $1
             UNION ALL
             SELECT $2::text, v.source, v."where", v."lastSeenAt" FROM certificate_version v WHERE v."lineageId" = $1) x
      GROUP BY cluster, "where" ORDER BY max("lastSeenAt") DESC`,
    [lineage.id, lineage.cluster],
  );

  const findings = await sql.query<Omit<LineageFacts["findings"][number], "ruleLabel">>(
    `SELECT f.id, f.rule, f.title, f.severity, to_json(f."resolvedAt")#>>'{}' AS "resolvedAt", f."incidentId",
            i.number AS "incidentNumber"
       FROM finding f LEFT JOIN incident i ON i.id = f."incidentId"
      WHERE f."subjectKey" = 'lineage:' || $1::text ORDER BY f."resolvedAt" IS NULL DESC, f."detectedAt" DESC`,
    [lineage.id],
  );
  // Risks that cite one of these findings, or an incident they were escalated to, as evidence.
  const risks = await sql.query<LineageFacts["risks"][number]>(
    `SELECT DISTINCT r.id, r.title, r.status
       FROM risk_link rl JOIN risk r ON r.id = rl."riskId"
      WHERE (rl.kind = 'finding' AND rl.ref = ANY($1::text[])) OR (rl.kind = 'incident' AND rl.ref = ANY($2::text[]))
      ORDER BY r.title`,
    [findings.map((f) => f.id), findings.flatMap((f) => (f.incidentId ? [f.incidentId] : []))],
  );
  const { certificateId: _c, ...facts } = v;
  return {
    ...facts,
    sans: v.sans ?? [],
    issuerChain: completeChain(chain, v.issuer),
    seenIn,
    findings: findings.map((f) => ({ ...f, ruleLabel: ruleLabel(f.rule) })),
    risks,
  };
}
