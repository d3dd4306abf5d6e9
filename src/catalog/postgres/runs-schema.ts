/**
 * The PostgreSQL migration that adds test runs (src/catalog/runs.ts): one row
 * per run, its checks and objects as JSON, append-only like the versions
 * (triggers refuse UPDATE, DELETE and TRUNCATE).
 */
export const PG_RUNS_MIGRATION = {
  name: 'test runs, append-only',
  sql: `
CREATE TABLE runs (
  seq bigserial PRIMARY KEY,
  product_id text NOT NULL,
  product_version text NOT NULL,
  port text NOT NULL,
  contract_id text NOT NULL,
  contract_version text,
  server text NOT NULL,
  server_type text NOT NULL,
  status text NOT NULL CHECK (status IN ('passed', 'failed', 'error')),
  message text,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  since timestamptz,
  watermark timestamptz,
  publisher text NOT NULL,
  recorded_at timestamptz NOT NULL,
  summary_json json NOT NULL,
  objects_json json NOT NULL,
  checks_json json NOT NULL
);
-- A product's runs, newest first; the latest of each port and server; --since last.
CREATE INDEX runs_by_port ON runs (product_id, port, server, seq);
CREATE INDEX runs_by_product ON runs (product_id, seq);
CREATE FUNCTION refuse_run_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dp catalog: test runs are append-only (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER runs_are_immutable BEFORE UPDATE OR DELETE ON runs FOR EACH ROW EXECUTE FUNCTION refuse_run_change();
CREATE TRIGGER runs_not_truncated BEFORE TRUNCATE ON runs FOR EACH STATEMENT EXECUTE FUNCTION refuse_run_change();
`,
};

/** Advisory lock serialising writers of runs, so that run numbers grow in the order of commits (change stamps). */
export const RUNS_LOCK = 0x64700003;
