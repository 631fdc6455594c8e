-- The data version behind the KPI cache (lib/kpi/cache.ts): every statement that writes a table a cached
-- KPI part is computed from appends one row here (a statement trigger), in the writer's transaction. The
-- version is sum(n): it becomes visible exactly when the write commits, it only grows, and appending takes
-- no lock that concurrent writers wait on (a counter row that every writer updated would serialise them).
-- A job folds the rows into one (lib/kpi/jobs.ts), keeping the sum.
CREATE TABLE "kpi_data_change" (
  "id" BIGSERIAL PRIMARY KEY,
  "n" BIGINT NOT NULL DEFAULT 1
);

CREATE FUNCTION "kpi_data_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_data_change DEFAULT VALUES;
  RETURN NULL;
END $$;

-- Cached today: the decision counts of whole hours and days (lib/policy/kpi.ts#denyCounts), which read the
-- decision rollups and resolve the cluster by name.
CREATE TRIGGER "kpi_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "policy_decision_hourly"
  FOR EACH STATEMENT EXECUTE FUNCTION "kpi_data_changed"();
CREATE TRIGGER "kpi_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "policy_decision_daily"
  FOR EACH STATEMENT EXECUTE FUNCTION "kpi_data_changed"();
CREATE TRIGGER "kpi_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "cluster"
  FOR EACH STATEMENT EXECUTE FUNCTION "kpi_data_changed"();
