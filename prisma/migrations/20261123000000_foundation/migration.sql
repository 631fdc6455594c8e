-- Foundation: accounts, sessions, tokens, audit log, clusters, sources, ingest batches, settings.

CREATE TYPE "Role" AS ENUM ('viewer', 'operator', 'risk_manager', 'admin');
CREATE TYPE "Environment" AS ENUM ('prod', 'staging', 'dev');

CREATE TABLE "setting" (
  "key" TEXT NOT NULL PRIMARY KEY,
  "value" JSONB NOT NULL,
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

CREATE TABLE "user" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "name" TEXT NOT NULL,
  "email" TEXT NOT NULL,
  "emailVerified" BOOLEAN NOT NULL DEFAULT false,
  "image" TEXT,
  "role" "Role" NOT NULL DEFAULT 'viewer',
  "disabled" BOOLEAN NOT NULL DEFAULT false,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");

CREATE TABLE "session" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "token" TEXT NOT NULL,
  "userId" TEXT NOT NULL REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "expiresAt" TIMESTAMPTZ(3) NOT NULL,
  "ipAddress" TEXT,
  "userAgent" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "session_token_key" ON "session"("token");
CREATE INDEX "session_userId_idx" ON "session"("userId");

CREATE TABLE "account" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "accountId" TEXT NOT NULL,
  "providerId" TEXT NOT NULL,
  "userId" TEXT NOT NULL REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "accessToken" TEXT,
  "refreshToken" TEXT,
  "idToken" TEXT,
  "accessTokenExpiresAt" TIMESTAMPTZ(3),
  "refreshTokenExpiresAt" TIMESTAMPTZ(3),
  "scope" TEXT,
  "password" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "account_userId_idx" ON "account"("userId");

CREATE TABLE "verification" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "identifier" TEXT NOT NULL,
  "value" TEXT NOT NULL,
  "expiresAt" TIMESTAMPTZ(3) NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "verification_identifier_idx" ON "verification"("identifier");

CREATE TABLE "rate_limit" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "key" TEXT NOT NULL,
  "count" INTEGER NOT NULL,
  "lastRequest" BIGINT NOT NULL
);
CREATE UNIQUE INDEX "rate_limit_key_key" ON "rate_limit"("key");

CREATE TABLE "api_token" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "name" TEXT NOT NULL,
  "userId" TEXT NOT NULL REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "prefix" TEXT NOT NULL,
  "tokenHash" TEXT NOT NULL,
  "scopes" TEXT[],
  "expiresAt" TIMESTAMPTZ(3),
  "revokedAt" TIMESTAMPTZ(3),
  "lastUsedAt" TIMESTAMPTZ(3),
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "api_token_tokenHash_key" ON "api_token"("tokenHash");
CREATE INDEX "api_token_userId_idx" ON "api_token"("userId");

CREATE TABLE "audit_event" (
  "id" BIGSERIAL NOT NULL PRIMARY KEY,
  "at" TIMESTAMPTZ(3) NOT NULL,
  "actorType" TEXT NOT NULL,
  "actorId" TEXT,
  "actorLabel" TEXT,
  "action" TEXT NOT NULL,
  "targetType" TEXT,
  "targetId" TEXT,
  "data" JSONB NOT NULL,
  "prevHash" TEXT NOT NULL,
  "hash" TEXT NOT NULL
);
CREATE UNIQUE INDEX "audit_event_hash_key" ON "audit_event"("hash");
CREATE INDEX "audit_event_targetType_targetId_idx" ON "audit_event"("targetType", "targetId");
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");

-- The audit log is append-only: history cannot be rewritten, not even by the application.
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();

CREATE TABLE "cluster" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "name" TEXT NOT NULL,
  "environment" "Environment" NOT NULL DEFAULT 'prod',
  "trustDomain" TEXT,
  "region" TEXT,
  "demo" BOOLEAN NOT NULL DEFAULT false,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "cluster_name_key" ON "cluster"("name");

CREATE TABLE "source" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "name" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "config" JSONB NOT NULL DEFAULT '{}',
  "secretsEnc" TEXT,
  "intervalSeconds" INTEGER NOT NULL DEFAULT 300,
  "enabled" BOOLEAN NOT NULL DEFAULT true,
  "clusterId" UUID,
  "lastRunAt" TIMESTAMPTZ(3),
  "lastStatus" TEXT,
  "lastError" TEXT,
  "demo" BOOLEAN NOT NULL DEFAULT false,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "source_name_key" ON "source"("name");

CREATE TABLE "source_run" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "sourceId" UUID NOT NULL REFERENCES "source"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "startedAt" TIMESTAMPTZ(3) NOT NULL,
  "finishedAt" TIMESTAMPTZ(3),
  "status" TEXT NOT NULL,
  "message" TEXT,
  "batchId" UUID
);
CREATE INDEX "source_run_sourceId_startedAt_idx" ON "source_run"("sourceId", "startedAt");

CREATE TABLE "ingest_batch" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "kind" TEXT NOT NULL,
  "format" TEXT NOT NULL,
  "clusterId" UUID REFERENCES "cluster"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  "sourceId" UUID REFERENCES "source"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "finishedAt" TIMESTAMPTZ(3),
  "payloadSha256" TEXT NOT NULL,
  "payloadBytes" BIGINT NOT NULL DEFAULT 0,
  "idempotencyKey" TEXT,
  "status" TEXT NOT NULL,
  "accepted" INTEGER NOT NULL DEFAULT 0,
  "duplicates" INTEGER NOT NULL DEFAULT 0,
  "rejected" INTEGER NOT NULL DEFAULT 0,
  "errors" JSONB NOT NULL DEFAULT '[]',
  "message" TEXT,
  "actorType" TEXT NOT NULL,
  "actorId" TEXT,
  "demo" BOOLEAN NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX "ingest_batch_kind_idempotencyKey_key" ON "ingest_batch"("kind", "idempotencyKey");
CREATE INDEX "ingest_batch_kind_payloadSha256_idx" ON "ingest_batch"("kind", "payloadSha256");
CREATE INDEX "ingest_batch_receivedAt_idx" ON "ingest_batch"("receivedAt");
