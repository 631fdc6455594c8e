-- A default cluster on an API token: records that name no cluster (and come without ?cluster= or an
-- envelope) go to it instead of being refused.
ALTER TABLE "api_token" ADD COLUMN "defaultClusterId" UUID;
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_defaultClusterId_fkey"
  FOREIGN KEY ("defaultClusterId") REFERENCES "cluster"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Idempotency-Key is scoped to whoever sent it (token, user or source) and the kind: another sender's
-- key never replays someone else's batch.
ALTER TABLE "ingest_batch" ADD COLUMN "idempotencyScope" TEXT;
UPDATE "ingest_batch" SET "idempotencyScope" = "actorType" || ':' || coalesce("actorId", '')
 WHERE "idempotencyKey" IS NOT NULL;
DROP INDEX "ingest_batch_kind_idempotencyKey_key";
CREATE UNIQUE INDEX "ingest_batch_kind_idempotencyScope_idempotencyKey_key"
  ON "ingest_batch"("kind", "idempotencyScope", "idempotencyKey");
