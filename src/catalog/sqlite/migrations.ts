/**
 * The SQLite catalog's schema, as numbered migrations applied in order inside
 * one write transaction. `dp_meta` marks the file as a dp catalog and records
 * the schema version. Append-only: never edit a released migration.
 */
import { SQLITE_RUNS_MIGRATION } from './runs-schema.js';

export const APPLICATION_ID = 'dp-catalog';

export const SQLITE_MIGRATIONS: Array<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'versions, products, ports, search, tokens',
    sql: `
CREATE TABLE versions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  product_id TEXT NOT NULL,
  version TEXT NOT NULL,
  digest TEXT NOT NULL,
  publisher TEXT NOT NULL,
  published_at TEXT NOT NULL,
  previous_version TEXT,
  name TEXT, domain TEXT, team TEXT, status TEXT,
  descriptor_file TEXT NOT NULL,
  descriptor_text TEXT NOT NULL,
  descriptor_json TEXT NOT NULL,
  contracts_json TEXT NOT NULL,
  validation_json TEXT NOT NULL,
  changes_json TEXT NOT NULL,
  UNIQUE (product_id, version)
);
CREATE TABLE ports (
  version_seq INTEGER NOT NULL REFERENCES versions(seq),
  position INTEGER NOT NULL,
  product_id TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('input', 'output')),
  name TEXT NOT NULL,
  port_version TEXT NOT NULL,
  contract_id TEXT,
  type TEXT
);
CREATE UNIQUE INDEX ports_by_version ON ports (version_seq, position);
-- Covering: the edges of the mesh are read from this index alone.
CREATE INDEX ports_by_contract ON ports (contract_id, direction, version_seq, product_id, name);
CREATE TABLE products (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  latest_seq INTEGER NOT NULL UNIQUE REFERENCES versions(seq),
  latest_version TEXT NOT NULL,
  name TEXT, domain TEXT, team TEXT, status TEXT, purpose TEXT,
  tags TEXT NOT NULL,
  publisher TEXT NOT NULL,
  published_at TEXT NOT NULL,
  version_count INTEGER NOT NULL CHECK (version_count > 0)
);
CREATE INDEX products_by_domain ON products (domain, id);
CREATE INDEX products_by_team ON products (team, id);
CREATE INDEX products_by_status ON products (status, id);
CREATE INDEX products_by_time ON products (published_at);
CREATE VIRTUAL TABLE products_search USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  team TEXT,
  admin INTEGER NOT NULL CHECK (admin IN (0, 1)),
  description TEXT,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  last_used_at TEXT,
  CHECK (admin = 1 OR team IS NOT NULL)
);
CREATE TRIGGER versions_are_immutable BEFORE UPDATE ON versions
  BEGIN SELECT RAISE(ABORT, 'dp catalog: published versions are immutable'); END;
CREATE TRIGGER versions_are_permanent BEFORE DELETE ON versions
  BEGIN SELECT RAISE(ABORT, 'dp catalog: published versions cannot be deleted'); END;
CREATE TRIGGER ports_are_immutable BEFORE UPDATE ON ports
  BEGIN SELECT RAISE(ABORT, 'dp catalog: published versions are immutable'); END;
CREATE TRIGGER ports_are_permanent BEFORE DELETE ON ports
  BEGIN SELECT RAISE(ABORT, 'dp catalog: published versions cannot be deleted'); END;
`,
  },
  {
    version: 2,
    name: 'renderings of versions (page bodies)',
    sql: `
-- A rowid table: bodies are kilobytes, too large for a WITHOUT ROWID b-tree.
CREATE TABLE version_bodies (
  version_seq INTEGER NOT NULL REFERENCES versions(seq),
  format TEXT NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (version_seq, format)
);
`,
  },
  {
    version: 3,
    name: 'page bodies are immutable',
    // A body belongs to its version: new formats are added beside it, none is ever rewritten.
    sql: `
CREATE TRIGGER version_bodies_are_immutable BEFORE UPDATE ON version_bodies
  BEGIN SELECT RAISE(ABORT, 'dp catalog: published versions are immutable'); END;
CREATE TRIGGER version_bodies_are_permanent BEFORE DELETE ON version_bodies
  BEGIN SELECT RAISE(ABORT, 'dp catalog: published versions cannot be deleted'); END;
`,
  },
  {
    version: 4,
    name: 'version lists from an index',
    // A version's row holds its documents (tens of kilobytes of overflow pages) before changes_json:
    // the list of versions on every product page is read from this index instead of those rows.
    sql: `
CREATE INDEX versions_history ON versions (product_id, seq DESC, version, digest, publisher, published_at, previous_version, changes_json);
`,
  },
  {
    version: 5,
    name: 'owners change only by a recorded transfer; products are never deleted',
    // The owning team of a product is the team of its head. A head may name another team only when
    // its new version records the transfer (a \`team-changed\` change, src/catalog/ownership.ts): an
    // older dp, a script or a hand-written UPDATE cannot move a product to another team by accident.
    sql: `
CREATE TRIGGER products_change_owner_by_transfer BEFORE UPDATE OF team, latest_seq ON products
  WHEN NEW.team IS NOT OLD.team AND NOT EXISTS (
    SELECT 1 FROM versions v WHERE v.seq = NEW.latest_seq AND v.seq <> OLD.latest_seq AND v.team IS NEW.team
      AND EXISTS (SELECT 1 FROM json_each(v.changes_json) c WHERE json_extract(c.value, '$.ruleId') = 'team-changed'))
  BEGIN SELECT RAISE(ABORT, 'dp catalog: the owning team of a product changes only by an ownership transfer recorded in its new version'); END;
CREATE TRIGGER products_are_permanent BEFORE DELETE ON products
  BEGIN SELECT RAISE(ABORT, 'dp catalog: products cannot be deleted'); END;
`,
  },
  {
    version: 6,
    name: 'no stored page bodies; search words as dp splits them',
    // Renderings belong to the server that shows them (src/server/read-model/), not to the system
    // of record: the table and its triggers go (the versions and their content stay as published).
    // The search index keeps each word as src/catalog/words.ts makes it (that rule folds accents, the
    // tokenizer folds nothing more), so that every way of searching (SQL here and on PostgreSQL, a
    // server's index in memory) matches the same words; its rows are carried over as they are, and
    // rebuilt when their word rule is older than dp's (src/catalog/word-rule.ts).
    sql: `
DROP TRIGGER IF EXISTS version_bodies_are_immutable;
DROP TRIGGER IF EXISTS version_bodies_are_permanent;
DROP TABLE IF EXISTS version_bodies;
CREATE VIRTUAL TABLE products_search_words USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO products_search_words (rowid, title, body) SELECT rowid, title, body FROM products_search;
DROP TABLE products_search;
ALTER TABLE products_search_words RENAME TO products_search;
`,
  },
  { version: 7, ...SQLITE_RUNS_MIGRATION },
  {
    version: 8,
    name: 'control plane: events, subjects of open erasure requests, privacy tokens; web sessions',
    // Events are append-only, like versions (src/catalog/events.ts). A subject's identifier is the one
    // row dp deletes: it is kept only while an erasure request has open tasks.
    sql: `
CREATE TABLE control_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  stream TEXT NOT NULL,
  position INTEGER NOT NULL CHECK (position >= 0),
  kind TEXT NOT NULL CHECK (kind IN ('access', 'erasure', 'erasure-task', 'engine')),
  type TEXT NOT NULL,
  product_id TEXT,
  team TEXT,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  data_json TEXT NOT NULL,
  UNIQUE (stream, position)
);
CREATE INDEX control_events_by_product ON control_events (product_id, kind);
CREATE INDEX control_events_by_team ON control_events (team, kind);
CREATE INDEX control_events_by_kind ON control_events (kind, seq);
CREATE TRIGGER control_events_are_immutable BEFORE UPDATE ON control_events
  BEGIN SELECT RAISE(ABORT, 'dp catalog: control events are immutable'); END;
CREATE TRIGGER control_events_are_permanent BEFORE DELETE ON control_events
  BEGIN SELECT RAISE(ABORT, 'dp catalog: control events cannot be deleted'); END;
CREATE TABLE erasure_subjects (
  request_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  value TEXT NOT NULL
);
CREATE TRIGGER erasure_subjects_are_kept_as_given BEFORE UPDATE ON erasure_subjects
  BEGIN SELECT RAISE(ABORT, 'dp catalog: a subject identifier is kept as given, then forgotten'); END;
ALTER TABLE tokens ADD COLUMN privacy INTEGER NOT NULL DEFAULT 0 CHECK (privacy IN (0, 1));
-- The columns of every version's contracts, with the subject kind they identify (src/catalog/columns.ts).
CREATE TABLE version_columns (
  version_seq INTEGER NOT NULL REFERENCES versions(seq),
  contract_id TEXT NOT NULL,
  object TEXT NOT NULL,
  physical_object TEXT NOT NULL,
  name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  kind TEXT
);
CREATE INDEX version_columns_by_version ON version_columns (version_seq);
CREATE INDEX version_columns_by_kind ON version_columns (kind) WHERE kind IS NOT NULL;
CREATE INDEX version_columns_by_column ON version_columns (column_name);
CREATE INDEX version_columns_by_name ON version_columns (name);
CREATE TRIGGER version_columns_are_immutable BEFORE UPDATE ON version_columns
  BEGIN SELECT RAISE(ABORT, 'dp catalog: published versions are immutable'); END;
CREATE TRIGGER version_columns_are_permanent BEFORE DELETE ON version_columns
  BEGIN SELECT RAISE(ABORT, 'dp catalog: published versions cannot be deleted'); END;
CREATE TABLE control_cursors (name TEXT PRIMARY KEY, seq INTEGER NOT NULL);
-- Teams taking part in a stream besides its own (second-level approvers), appended with its events.
CREATE TABLE control_audience (team TEXT NOT NULL, stream TEXT NOT NULL, PRIMARY KEY (team, stream));
CREATE TRIGGER control_audience_is_immutable BEFORE UPDATE ON control_audience
  BEGIN SELECT RAISE(ABORT, 'dp catalog: control events are immutable'); END;
CREATE TRIGGER control_audience_is_permanent BEFORE DELETE ON control_audience
  BEGIN SELECT RAISE(ABORT, 'dp catalog: control events cannot be deleted'); END;
-- Sessions of the web catalog: the hash of the cookie's secret, for a token, until it expires or is ended.
CREATE TABLE web_sessions (
  hash TEXT PRIMARY KEY,
  token_id TEXT NOT NULL REFERENCES tokens(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX web_sessions_by_expiry ON web_sessions (expires_at);
`,
  },
];

export const SQLITE_SCHEMA_VERSION = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1].version;
