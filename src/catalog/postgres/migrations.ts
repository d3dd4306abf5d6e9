/**
 * The PostgreSQL catalog's schema, as numbered migrations. Everything lives
 * in the `dp_catalog` schema so that a database shared with other
 * applications has no name clashes. Append-only: never edit a released one.
 */
import { PG_RUNS_MIGRATION } from './runs-schema.js';

export const PG_SCHEMA = 'dp_catalog';
export const APPLICATION_ID = 'dp-catalog';

export const PG_MIGRATIONS: Array<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'versions, products, ports, search, tokens',
    sql: `
CREATE TABLE versions (
  seq bigserial PRIMARY KEY,
  product_id text NOT NULL,
  version text NOT NULL,
  digest text NOT NULL,
  publisher text NOT NULL,
  published_at timestamptz NOT NULL,
  previous_version text,
  name text, domain text, team text, status text,
  descriptor_file text NOT NULL,
  descriptor_text text NOT NULL,
  descriptor_json json NOT NULL,
  contracts_json json NOT NULL,
  validation_json json NOT NULL,
  changes_json json NOT NULL,
  UNIQUE (product_id, version)
);
CREATE TABLE ports (
  version_seq bigint NOT NULL REFERENCES versions (seq),
  position integer NOT NULL,
  product_id text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('input', 'output')),
  name text NOT NULL,
  port_version text NOT NULL,
  contract_id text,
  type text,
  PRIMARY KEY (version_seq, position)
);
-- Covering: the edges of the mesh are read from this index alone.
CREATE INDEX ports_by_contract ON ports (contract_id, direction) INCLUDE (version_seq, product_id, name);
CREATE TABLE products (
  id text PRIMARY KEY,
  latest_seq bigint NOT NULL UNIQUE REFERENCES versions (seq),
  latest_version text NOT NULL,
  -- Order of first appearance in the catalog (the seq of the first version): search results within a group.
  first_seq bigint NOT NULL,
  name text, domain text, team text, status text, purpose text,
  tags json NOT NULL,
  publisher text NOT NULL,
  published_at timestamptz NOT NULL,
  version_count integer NOT NULL CHECK (version_count > 0),
  search_title text NOT NULL,
  search_text text NOT NULL,
  search tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_title || ' ' || search_text)) STORED,
  title_search tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_title)) STORED
);
CREATE INDEX products_by_domain ON products (domain, id);
CREATE INDEX products_by_team ON products (team, id);
CREATE INDEX products_by_status ON products (status, id);
CREATE INDEX products_by_time ON products (published_at);
CREATE INDEX products_search ON products USING gin (search);
CREATE INDEX products_title_search ON products USING gin (title_search);
CREATE INDEX products_by_first ON products (first_seq);
CREATE TABLE tokens (
  id text PRIMARY KEY,
  hash text NOT NULL UNIQUE,
  team text,
  admin boolean NOT NULL,
  description text,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz,
  CHECK (admin OR team IS NOT NULL)
);
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dp catalog: published versions are immutable (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER versions_are_immutable BEFORE UPDATE OR DELETE ON versions FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER versions_not_truncated BEFORE TRUNCATE ON versions FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER ports_are_immutable BEFORE UPDATE OR DELETE ON ports FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER ports_not_truncated BEFORE TRUNCATE ON ports FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
`,
  },
  {
    version: 2,
    name: 'search indexes without a pending list',
    // GIN's fast update parks new entries in a list every search then reads in full until a vacuum
    // merges it: after a bulk publish, searches took 10 ms and the planner left the index for a
    // sequential scan. The catalog is read far more than written: entries go into the index at once.
    sql: `
ALTER INDEX products_search SET (fastupdate = off);
ALTER INDEX products_title_search SET (fastupdate = off);
SELECT gin_clean_pending_list('products_search'::regclass);
SELECT gin_clean_pending_list('products_title_search'::regclass);
`,
  },
  {
    version: 3,
    name: 'renderings of versions (page bodies)',
    sql: `
CREATE TABLE version_bodies (
  version_seq bigint NOT NULL REFERENCES versions (seq),
  format text NOT NULL,
  body text NOT NULL,
  PRIMARY KEY (version_seq, format)
);
`,
  },
  {
    version: 4,
    name: 'page bodies are immutable',
    // A body belongs to its version: new formats are added beside it, none is ever rewritten.
    sql: `
CREATE TRIGGER version_bodies_are_immutable BEFORE UPDATE OR DELETE ON version_bodies FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER version_bodies_not_truncated BEFORE TRUNCATE ON version_bodies FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
`,
  },
  {
    version: 5,
    name: 'owners change only by a recorded transfer; products are never deleted',
    // The owning team of a product is the team of its head. A head may name another team only when
    // its new version records the transfer (a \`team-changed\` change, src/catalog/ownership.ts): an
    // older dp, a script or a hand-written UPDATE cannot move a product to another team by accident.
    sql: `
-- Its own search_path: a writer whose session does not name the schema is checked the same way.
CREATE FUNCTION refuse_owner_change() RETURNS trigger LANGUAGE plpgsql SET search_path = dp_catalog, pg_catalog AS $$
BEGIN
  IF NEW.team IS DISTINCT FROM OLD.team THEN
    IF NOT EXISTS (
      SELECT 1 FROM versions v WHERE v.seq = NEW.latest_seq AND v.seq <> OLD.latest_seq AND v.team IS NOT DISTINCT FROM NEW.team
        AND EXISTS (SELECT 1 FROM json_array_elements(v.changes_json) c WHERE c->>'ruleId' = 'team-changed'))
    THEN
      RAISE EXCEPTION 'dp catalog: the owning team of product % changes only by an ownership transfer recorded in its new version', OLD.id
        USING ERRCODE = 'restrict_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER products_change_owner_by_transfer BEFORE UPDATE ON products FOR EACH ROW EXECUTE FUNCTION refuse_owner_change();
CREATE TRIGGER products_are_permanent BEFORE DELETE ON products FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER products_not_truncated BEFORE TRUNCATE ON products FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
`,
  },
  {
    version: 6,
    name: 'no stored page bodies',
    // Renderings belong to the server that shows them (src/server/read-model/), not to the system
    // of record: the table and its triggers go (the versions and their content stay as published).
    sql: `
DROP TRIGGER IF EXISTS version_bodies_are_immutable ON version_bodies;
DROP TRIGGER IF EXISTS version_bodies_not_truncated ON version_bodies;
DROP TABLE IF EXISTS version_bodies;
`,
  },
  { version: 7, ...PG_RUNS_MIGRATION },
  {
    version: 8,
    name: 'control plane: events, subjects of open erasure requests, privacy tokens; web sessions',
    // Events are append-only, like versions (src/catalog/events.ts). A subject's identifier is the one
    // row dp deletes: it is kept only while an erasure request has open tasks.
    sql: `
CREATE FUNCTION refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dp catalog: control events are immutable (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;
CREATE TABLE control_events (
  seq bigserial PRIMARY KEY,
  stream text NOT NULL,
  position integer NOT NULL CHECK (position >= 0),
  kind text NOT NULL CHECK (kind IN ('access', 'erasure', 'erasure-task', 'engine')),
  type text NOT NULL,
  product_id text,
  team text,
  actor text NOT NULL,
  at timestamptz NOT NULL,
  data_json json NOT NULL,
  UNIQUE (stream, position)
);
CREATE INDEX control_events_by_product ON control_events (product_id, kind);
CREATE INDEX control_events_by_team ON control_events (team, kind);
CREATE INDEX control_events_by_kind ON control_events (kind, seq);
CREATE TRIGGER control_events_are_immutable BEFORE UPDATE OR DELETE ON control_events FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER control_events_not_truncated BEFORE TRUNCATE ON control_events FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();
CREATE TABLE erasure_subjects (
  request_id text PRIMARY KEY,
  kind text NOT NULL,
  value text NOT NULL
);
CREATE TRIGGER erasure_subjects_are_kept_as_given BEFORE UPDATE ON erasure_subjects FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
ALTER TABLE tokens ADD COLUMN privacy boolean NOT NULL DEFAULT false;
-- The columns of every version's contracts, with the subject kind they identify (src/catalog/columns.ts).
CREATE TABLE version_columns (
  version_seq bigint NOT NULL REFERENCES versions (seq),
  contract_id text NOT NULL,
  object text NOT NULL,
  physical_object text NOT NULL,
  name text NOT NULL,
  column_name text NOT NULL,
  kind text
);
CREATE INDEX version_columns_by_version ON version_columns (version_seq);
CREATE INDEX version_columns_by_kind ON version_columns (kind) WHERE kind IS NOT NULL;
CREATE INDEX version_columns_by_column ON version_columns (column_name);
CREATE INDEX version_columns_by_name ON version_columns (name);
CREATE TRIGGER version_columns_are_immutable BEFORE UPDATE OR DELETE ON version_columns FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER version_columns_not_truncated BEFORE TRUNCATE ON version_columns FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TABLE control_cursors (name text PRIMARY KEY, seq bigint NOT NULL);
-- Teams taking part in a stream besides its own (second-level approvers), appended with its events.
CREATE TABLE control_audience (team text NOT NULL, stream text NOT NULL, PRIMARY KEY (team, stream));
CREATE TRIGGER control_audience_is_immutable BEFORE UPDATE OR DELETE ON control_audience FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER control_audience_not_truncated BEFORE TRUNCATE ON control_audience FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();
-- Sessions of the web catalog: the hash of the cookie's secret, for a token, until it expires or is ended.
CREATE TABLE web_sessions (
  hash text PRIMARY KEY,
  token_id text NOT NULL REFERENCES tokens (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX web_sessions_by_expiry ON web_sessions (expires_at);
`,
  },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1].version;

/** Advisory lock keys (pg_advisory_xact_lock): one for migrations, one serialising publishers, one control writers. */
export const MIGRATION_LOCK = 0x64700001;
export const PUBLISH_LOCK = 0x64700002;
/** Serialises the control plane's writers (src/catalog/postgres/events.ts). */
export const CONTROL_LOCK = 0x64700003;
