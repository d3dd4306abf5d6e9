/**
 * The SQLite migration that adds test runs (src/catalog/runs.ts): one row per
 * run, its checks and objects as JSON (read as a whole, never queried inside),
 * append-only like the versions.
 */
export const SQLITE_RUNS_MIGRATION = {
  name: 'test runs, append-only',
  sql: `
CREATE TABLE runs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  product_id TEXT NOT NULL,
  product_version TEXT NOT NULL,
  port TEXT NOT NULL,
  contract_id TEXT NOT NULL,
  contract_version TEXT,
  server TEXT NOT NULL,
  server_type TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('passed', 'failed', 'error')),
  message TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  since TEXT,
  watermark TEXT,
  publisher TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  summary_json TEXT NOT NULL,
  objects_json TEXT NOT NULL,
  checks_json TEXT NOT NULL
);
-- A product's runs, newest first; the latest of each port and server; --since last.
CREATE INDEX runs_by_port ON runs (product_id, port, server, seq);
CREATE INDEX runs_by_product ON runs (product_id, seq);
CREATE TRIGGER runs_are_immutable BEFORE UPDATE ON runs
  BEGIN SELECT RAISE(ABORT, 'dp catalog: test runs are append-only'); END;
CREATE TRIGGER runs_are_permanent BEFORE DELETE ON runs
  BEGIN SELECT RAISE(ABORT, 'dp catalog: test runs cannot be deleted'); END;
`,
};
