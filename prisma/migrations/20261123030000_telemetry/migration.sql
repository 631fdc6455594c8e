-- Mesh telemetry: counter state, 1-minute traffic buckets (partitioned by month), hourly and daily
-- rollups, Hubble flows (partitioned by month). Partitions beyond the DEFAULT one are created on demand
-- by lib/telemetry/partitions.ts.

CREATE TABLE "telemetry_series_state" (
  "seriesHash" TEXT NOT NULL PRIMARY KEY,
  "metric" TEXT NOT NULL,
  "seriesKey" TEXT NOT NULL,
  "lastValue" DOUBLE PRECISION NOT NULL,
  "lastAt" TIMESTAMPTZ(3) NOT NULL,
  "batchId" UUID NOT NULL REFERENCES "ingest_batch"("id") ON DELETE CASCADE,
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "telemetry_series_state_batchId_idx" ON "telemetry_series_state"("batchId");

CREATE TABLE "traffic_edge_minute" (
  "bucket" TIMESTAMPTZ(3) NOT NULL,
  "batchId" UUID NOT NULL REFERENCES "ingest_batch"("id") ON DELETE CASCADE,
  "edgeKey" TEXT NOT NULL,
  "reporter" TEXT NOT NULL,
  "srcCluster" TEXT,
  "srcNamespace" TEXT,
  "srcWorkload" TEXT,
  "srcPrincipal" TEXT,
  "dstCluster" TEXT,
  "dstNamespace" TEXT,
  "dstWorkload" TEXT,
  "dstPrincipal" TEXT,
  "protocol" TEXT NOT NULL,
  "securityPolicy" TEXT NOT NULL,
  "requests" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "connections" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "denied" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "dropped" DOUBLE PRECISION NOT NULL DEFAULT 0,
  PRIMARY KEY ("bucket", "batchId", "edgeKey")
) PARTITION BY RANGE ("bucket");
CREATE TABLE "traffic_edge_minute_default" PARTITION OF "traffic_edge_minute" DEFAULT;
CREATE INDEX "traffic_edge_minute_batchId_idx" ON "traffic_edge_minute"("batchId");
CREATE INDEX "traffic_edge_minute_clusters_idx" ON "traffic_edge_minute"("srcCluster", "dstCluster", "bucket");

CREATE TABLE "traffic_edge_hour" (
  "bucket" TIMESTAMPTZ(3) NOT NULL,
  "edgeKey" TEXT NOT NULL,
  "reporter" TEXT NOT NULL,
  "srcCluster" TEXT,
  "srcNamespace" TEXT,
  "srcWorkload" TEXT,
  "srcPrincipal" TEXT,
  "dstCluster" TEXT,
  "dstNamespace" TEXT,
  "dstWorkload" TEXT,
  "dstPrincipal" TEXT,
  "protocol" TEXT NOT NULL,
  "securityPolicy" TEXT NOT NULL,
  "requests" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "connections" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "denied" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "dropped" DOUBLE PRECISION NOT NULL DEFAULT 0,
  PRIMARY KEY ("bucket", "edgeKey")
);
CREATE INDEX "traffic_edge_hour_reporter_bucket_idx" ON "traffic_edge_hour"("reporter", "bucket");

CREATE TABLE "traffic_edge_day" (
  "bucket" TIMESTAMPTZ(3) NOT NULL,
  "edgeKey" TEXT NOT NULL,
  "reporter" TEXT NOT NULL,
  "srcCluster" TEXT,
  "srcNamespace" TEXT,
  "srcWorkload" TEXT,
  "srcPrincipal" TEXT,
  "dstCluster" TEXT,
  "dstNamespace" TEXT,
  "dstWorkload" TEXT,
  "dstPrincipal" TEXT,
  "protocol" TEXT NOT NULL,
  "securityPolicy" TEXT NOT NULL,
  "requests" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "connections" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "denied" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "dropped" DOUBLE PRECISION NOT NULL DEFAULT 0,
  PRIMARY KEY ("bucket", "edgeKey")
);
CREATE INDEX "traffic_edge_day_reporter_bucket_idx" ON "traffic_edge_day"("reporter", "bucket");

CREATE TABLE "telemetry_flow" (
  "time" TIMESTAMPTZ(3) NOT NULL,
  "flowId" TEXT NOT NULL,
  "batchId" UUID NOT NULL REFERENCES "ingest_batch"("id") ON DELETE CASCADE,
  "verdict" TEXT NOT NULL,
  "dropReason" TEXT,
  "isReply" BOOLEAN NOT NULL DEFAULT false,
  "srcCluster" TEXT,
  "srcNamespace" TEXT,
  "srcWorkload" TEXT,
  "dstCluster" TEXT,
  "dstNamespace" TEXT,
  "dstWorkload" TEXT,
  "protocol" TEXT NOT NULL,
  PRIMARY KEY ("time", "flowId")
) PARTITION BY RANGE ("time");
CREATE TABLE "telemetry_flow_default" PARTITION OF "telemetry_flow" DEFAULT;
CREATE INDEX "telemetry_flow_batchId_idx" ON "telemetry_flow"("batchId");
