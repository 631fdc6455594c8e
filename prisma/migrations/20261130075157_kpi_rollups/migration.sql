-- Rollups keyed by what the KPIs and charts group by. The decision rollups were keyed by subject and
-- target as well, so with ordinary cardinality (thousands of callers × thousands of targets) they held
-- nearly one row per decision and rolled nothing up.
--
-- policy_decision_hourly/_daily: (bucket, cluster, engine, result) counts — deny rate, trends.
-- policy_deny_hourly/_daily: denied decisions per (cluster, engine, policy, rule, subject, target), bounded:
--   per cluster and bucket only the largest pairs keep a row of their own; the rest are summed into one
--   "(other pairs)" row per policy rule, so per-policy totals stay exact.
-- traffic_cluster_hour/_day: traffic per (reporter, source cluster, destination cluster, security policy)
--   — mTLS coverage and the cluster-pair matrix — beside the per-edge rollups the edge list reads. An
--   empty string stands for a cluster that is not known (traffic from outside the mesh).
-- The rollups are derived data: they are rebuilt from the raw rows below.

DROP TABLE "policy_decision_hourly";
DROP TABLE "policy_decision_daily";

CREATE TABLE "policy_decision_hourly" (
  "bucket" TIMESTAMPTZ(3) NOT NULL,
  "clusterId" UUID NOT NULL REFERENCES "cluster"("id") ON DELETE CASCADE,
  "engine" TEXT NOT NULL,
  "result" TEXT NOT NULL,
  "count" BIGINT NOT NULL,
  CONSTRAINT "policy_decision_hourly_pkey" PRIMARY KEY ("bucket", "clusterId", "engine", "result")
);
CREATE TABLE "policy_decision_daily" (
  "bucket" TIMESTAMPTZ(3) NOT NULL,
  "clusterId" UUID NOT NULL REFERENCES "cluster"("id") ON DELETE CASCADE,
  "engine" TEXT NOT NULL,
  "result" TEXT NOT NULL,
  "count" BIGINT NOT NULL,
  CONSTRAINT "policy_decision_daily_pkey" PRIMARY KEY ("bucket", "clusterId", "engine", "result")
);

CREATE TABLE "policy_deny_hourly" (
  "bucket" TIMESTAMPTZ(3) NOT NULL,
  "clusterId" UUID NOT NULL REFERENCES "cluster"("id") ON DELETE CASCADE,
  "engine" TEXT NOT NULL,
  "policy" TEXT NOT NULL,
  "rule" TEXT NOT NULL,
  "subject" TEXT NOT NULL,
  "target" TEXT NOT NULL,
  "count" BIGINT NOT NULL,
  CONSTRAINT "policy_deny_hourly_pkey" PRIMARY KEY ("bucket", "clusterId", "engine", "policy", "rule", "subject", "target")
);
CREATE TABLE "policy_deny_daily" (
  "bucket" TIMESTAMPTZ(3) NOT NULL,
  "clusterId" UUID NOT NULL REFERENCES "cluster"("id") ON DELETE CASCADE,
  "engine" TEXT NOT NULL,
  "policy" TEXT NOT NULL,
  "rule" TEXT NOT NULL,
  "subject" TEXT NOT NULL,
  "target" TEXT NOT NULL,
  "count" BIGINT NOT NULL,
  CONSTRAINT "policy_deny_daily_pkey" PRIMARY KEY ("bucket", "clusterId", "engine", "policy", "rule", "subject", "target")
);

INSERT INTO "policy_decision_hourly" SELECT date_trunc('hour', "time", 'UTC'), "clusterId", engine, result, count(*)
  FROM "policy_decision" GROUP BY 1, 2, 3, 4;
INSERT INTO "policy_decision_daily" SELECT date_trunc('day', "time", 'UTC'), "clusterId", engine, result, count(*)
  FROM "policy_decision" GROUP BY 1, 2, 3, 4;
INSERT INTO "policy_deny_hourly" SELECT date_trunc('hour', "time", 'UTC'), "clusterId", engine, coalesce(policy, ''), coalesce(rule, ''),
    coalesce(subject, ''), coalesce(target, ''), count(*)
  FROM "policy_decision" WHERE result = 'deny' GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO "policy_deny_daily" SELECT date_trunc('day', "time", 'UTC'), "clusterId", engine, coalesce(policy, ''), coalesce(rule, ''),
    coalesce(subject, ''), coalesce(target, ''), count(*)
  FROM "policy_decision" WHERE result = 'deny' GROUP BY 1, 2, 3, 4, 5, 6, 7;

CREATE TABLE "traffic_cluster_hour" (
  "bucket" TIMESTAMPTZ(3) NOT NULL,
  "reporter" TEXT NOT NULL,
  "srcCluster" TEXT NOT NULL,
  "dstCluster" TEXT NOT NULL,
  "securityPolicy" TEXT NOT NULL,
  "requests" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "connections" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "denied" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "dropped" DOUBLE PRECISION NOT NULL DEFAULT 0,
  CONSTRAINT "traffic_cluster_hour_pkey" PRIMARY KEY ("bucket", "reporter", "srcCluster", "dstCluster", "securityPolicy")
);

CREATE TABLE "traffic_cluster_day" (
  "bucket" TIMESTAMPTZ(3) NOT NULL,
  "reporter" TEXT NOT NULL,
  "srcCluster" TEXT NOT NULL,
  "dstCluster" TEXT NOT NULL,
  "securityPolicy" TEXT NOT NULL,
  "requests" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "connections" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "denied" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "dropped" DOUBLE PRECISION NOT NULL DEFAULT 0,
  CONSTRAINT "traffic_cluster_day_pkey" PRIMARY KEY ("bucket", "reporter", "srcCluster", "dstCluster", "securityPolicy")
);

INSERT INTO "traffic_cluster_hour" SELECT bucket, reporter, coalesce("srcCluster", ''), coalesce("dstCluster", ''), "securityPolicy",
    sum(requests), sum(connections), sum(denied), sum(dropped)
  FROM "traffic_edge_hour" GROUP BY 1, 2, 3, 4, 5;
INSERT INTO "traffic_cluster_day" SELECT bucket, reporter, coalesce("srcCluster", ''), coalesce("dstCluster", ''), "securityPolicy",
    sum(requests), sum(connections), sum(denied), sum(dropped)
  FROM "traffic_edge_day" GROUP BY 1, 2, 3, 4, 5;

-- The sub-hour edges of a KPI window read minute buckets by time alone.
CREATE INDEX "traffic_edge_minute_bucket_idx" ON "traffic_edge_minute"("bucket");
