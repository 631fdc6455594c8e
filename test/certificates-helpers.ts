// Integration test files share one database per run; each certificates file starts from an empty
// certificate inventory (its own kind of batches, lineages, certificates and findings only).
import { db } from "./fixtures";

export async function resetCertificates(): Promise<void> {
  await db().query(`DELETE FROM finding WHERE rule LIKE 'certificate.%'`);
  await db().query(`DELETE FROM ingest_batch WHERE kind = 'certificates'`);
  await db().query(`DELETE FROM certificate_lineage`);
  await db().query(`DELETE FROM certificate`);
}
