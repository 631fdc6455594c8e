-- The deny rate KPI (lib/policy/kpi.ts#denyCounts) needs two numbers per cluster and time: runtime decisions
-- (OPA, Istio/Envoy, Cilium) and how many were denied. It read them from the decision rollups, which hold a row
-- per (bucket, cluster, engine, result) — up to 250 rows a day per ten clusters — and the ragged ends of each
-- window from raw decisions, up to two hours of them (about 14,000 an hour at 10 M decisions a month). So
-- the KPI grew with the decision rate. These rollups hold one row per (bucket, cluster) with both numbers,
-- per minute, hour and day, maintained on ingest beside the others (lib/policy/rollups.ts): a 30-day window
-- now reads at most about 2,000 small rows and two minutes of raw decisions, however busy the clusters are.
-- Derived data: filled from the raw rows below.
CREATE TABLE "policy_deny_rate_minute" (
  "bucket" TIMESTAMPTZ(3) NOT NULL,
  "clusterId" UUID NOT NULL REFERENCES "cluster"("id") ON DELETE CASCADE,
  "decisions" BIGINT NOT NULL,
  "denied" BIGINT NOT NULL,
  CONSTRAINT "policy_deny_rate_minute_pkey" PRIMARY KEY ("bucket", "clusterId")
);
CREATE TABLE "policy_deny_rate_hourly" (
  "bucket" TIMESTAMPTZ(3) NOT NULL,
  "clusterId" UUID NOT NULL REFERENCES "cluster"("id") ON DELETE CASCADE,
  "decisions" BIGINT NOT NULL,
  "denied" BIGINT NOT NULL,
  CONSTRAINT "policy_deny_rate_hourly_pkey" PRIMARY KEY ("bucket", "clusterId")
);
CREATE TABLE "policy_deny_rate_daily" (
  "bucket" TIMESTAMPTZ(3) NOT NULL,
  "clusterId" UUID NOT NULL REFERENCES "cluster"("id") ON DELETE CASCADE,
  "decisions" BIGINT NOT NULL,
  "denied" BIGINT NOT NULL,
  CONSTRAINT "policy_deny_rate_daily_pkey" PRIMARY KEY ("bucket", "clusterId")
);

INSERT INTO "policy_deny_rate_minute"
  SELECT date_trunc('minute', "time", 'UTC'), "clusterId", count(*), count(*) FILTER (WHERE result = 'deny')
    FROM "policy_decision" WHERE engine IN ('opa', 'istio', 'cilium') GROUP BY 1, 2;
INSERT INTO "policy_deny_rate_hourly"
  SELECT date_trunc('hour', "time", 'UTC'), "clusterId", count(*), count(*) FILTER (WHERE result = 'deny')
    FROM "policy_decision" WHERE engine IN ('opa', 'istio', 'cilium') GROUP BY 1, 2;
INSERT INTO "policy_deny_rate_daily"
  SELECT date_trunc('day', "time", 'UTC'), "clusterId", count(*), count(*) FILTER (WHERE result = 'deny')
    FROM "policy_decision" WHERE engine IN ('opa', 'istio', 'cilium') GROUP BY 1, 2;

-- The KPI cache (lib/kpi/cache.ts) now caches the whole hours and days of the deny rate from these, so the data
-- version moves with their writes; the wide count rollups no longer feed a cached part.
CREATE TRIGGER "kpi_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "policy_deny_rate_hourly"
  FOR EACH STATEMENT EXECUTE FUNCTION "kpi_data_changed"();
CREATE TRIGGER "kpi_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "policy_deny_rate_daily"
  FOR EACH STATEMENT EXECUTE FUNCTION "kpi_data_changed"();
DROP TRIGGER "kpi_data_changed" ON "policy_decision_hourly";
DROP TRIGGER "kpi_data_changed" ON "policy_decision_daily";
