// Integration test files share one database per run; each certificates file starts from an empty
// certificate inventory (its own kind of batches, lineages, certificates and findings only).
import { db } from "./fixtures";
import { postIngest } from "./post-ingest";

export async function resetCertificates(): Promise<void> {
  await db().query(`DELETE FROM finding WHERE rule LIKE 'certificate.%'`);
  await db().query(`DELETE FROM ingest_batch WHERE kind = 'certificates'`);
  await db().query(`DELETE FROM certificate_lineage`);
  await db().query(`DELETE FROM certificate`);
}

/** POSTs a body to the certificates ingest route, as a collector would. */
export function ingestCertificates(
  token: string,
  body: string | Uint8Array,
  query: string,
  headers: Record<string, string> = {},
) {
  return postIngest(token, `certificates?${query}`, body, headers);
}
