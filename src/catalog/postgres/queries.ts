/** SQL of the PostgreSQL catalog, in one place (tables live in the dp_catalog schema, the connection's search_path). */
import { changedSinceSql } from '../changes.js';
import { integrityQueries } from '../integrity.js';
import { changedProductsSql, LATEST_RUNS, QUALITY_SQL, RUN_COLUMNS } from '../runs-sql.js';
import { STAMP_SQL } from '../stamps.js';

export const SUMMARY_COLUMNS = 'p.id, p.latest_version, p.name, p.domain, p.team, p.status, p.purpose, p.tags, p.publisher, p.published_at, p.version_count';

const PORTS_OF_V = `(SELECT coalesce(json_agg(pt ORDER BY pt.position), '[]'::json) FROM ports pt WHERE pt.version_seq = v.seq) AS ports_json`;

export const EDGES = `
SELECT o.product_id AS from_product, o.name AS from_port, o.contract_id, i.product_id AS to_product, i.name AS to_port
FROM products po
JOIN ports o ON o.version_seq = po.latest_seq AND o.direction = 'output' AND o.contract_id IS NOT NULL
JOIN ports i ON i.contract_id = o.contract_id AND i.direction = 'input'
JOIN products pi ON pi.latest_seq = i.version_seq`;

export const EDGE_ORDER = ' ORDER BY from_product, from_port, to_product, to_port';

/** The catalog's change stamp, in the snapshot of the statement that reads it. */
const STAMP = `(${STAMP_SQL}) AS stamp`;

export const SQL = {
  changeStamp: `SELECT ${STAMP}`,
  // The products whose latest version or latest run is newer than the stamp ($1, $2), with the ports of that version, their
  // search text and quality, and the stamp of the snapshot read: one row with a null id when there are none.
  productsSince: `SELECT h.stamp AS dp_head, x.* FROM (SELECT ${STAMP}) h LEFT JOIN LATERAL (
    SELECT p.first_seq AS dp_order, ${SUMMARY_COLUMNS}, p.search_title AS dp_title, p.search_text AS dp_body, ${QUALITY_SQL} AS dp_quality,
      (SELECT coalesce(json_agg(pt ORDER BY pt.position), '[]'::json) FROM ports pt WHERE pt.version_seq = p.latest_seq) AS dp_ports
    FROM products p WHERE p.id IN (${changedProductsSql('$1::bigint', '$2::bigint')}) ORDER BY p.first_seq) x ON true`,
  changedSince: changedSinceSql('$1::bigint', '$2::bigint'),
  insertRuns: `INSERT INTO runs (${RUN_COLUMNS.join(', ')})
    SELECT ${RUN_COLUMNS.join(', ')} FROM json_to_recordset($1::json) AS x(product_id text, product_version text, port text, contract_id text,
      contract_version text, server text, server_type text, status text, message text, started_at timestamptz, finished_at timestamptz,
      since timestamptz, watermark timestamptz, publisher text, recorded_at timestamptz, summary_json json, objects_json json, checks_json json, ord integer)
    ORDER BY ord RETURNING seq`,
  latestRuns: LATEST_RUNS((n) => `$${n}`),
  heads: 'SELECT id, latest_version FROM products WHERE id = ANY($1::text[])',
  insertVersions: `INSERT INTO versions (product_id, version, digest, publisher, published_at, previous_version, name, domain, team, status,
      descriptor_file, descriptor_text, descriptor_json, contracts_json, validation_json, changes_json)
    SELECT product_id, version, digest, publisher, published_at, previous_version, name, domain, team, status,
      descriptor_file, descriptor_text, descriptor_json, contracts_json, validation_json, changes_json
    FROM json_to_recordset($1::json) AS x(product_id text, version text, digest text, publisher text, published_at timestamptz,
      previous_version text, name text, domain text, team text, status text, descriptor_file text, descriptor_text text,
      descriptor_json json, contracts_json json, validation_json json, changes_json json)
    RETURNING seq, product_id`,
  insertPorts: `INSERT INTO ports (version_seq, position, product_id, direction, name, port_version, contract_id, type)
    SELECT * FROM json_to_recordset($1::json) AS x(version_seq bigint, position integer, product_id text, direction text,
      name text, port_version text, contract_id text, type text)`,
  upsertProducts: `INSERT INTO products (id, latest_seq, first_seq, latest_version, name, domain, team, status, purpose, tags, publisher, published_at, version_count, search_title, search_text)
    SELECT id, latest_seq, latest_seq, latest_version, name, domain, team, status, purpose, tags, publisher, published_at, 1, search_title, search_text
    FROM json_to_recordset($1::json) AS x(id text, latest_seq bigint, latest_version text, name text, domain text, team text, status text,
      purpose text, tags json, publisher text, published_at timestamptz, search_title text, search_text text)
    ON CONFLICT (id) DO UPDATE SET latest_seq = excluded.latest_seq, latest_version = excluded.latest_version, name = excluded.name,
      domain = excluded.domain, team = excluded.team, status = excluded.status, purpose = excluded.purpose, tags = excluded.tags,
      publisher = excluded.publisher, published_at = excluded.published_at, search_title = excluded.search_title, search_text = excluded.search_text,
      version_count = products.version_count + 1`,
  getVersion: `SELECT v.*, ${PORTS_OF_V} FROM versions v WHERE v.product_id = $1 AND v.version = $2`,
  getLatest: `SELECT v.*, ${PORTS_OF_V} FROM products p JOIN versions v ON v.seq = p.latest_seq WHERE p.id = $1`,
  getLatestMany: `SELECT v.*, ${PORTS_OF_V} FROM products p JOIN versions v ON v.seq = p.latest_seq WHERE p.id = ANY($1::text[])`,
  versions: `SELECT v.product_id, v.version, v.digest, v.publisher, v.published_at, v.previous_version, v.changes_json
    FROM versions v WHERE v.product_id = $1 ORDER BY v.seq DESC`,
  versionsOf: `SELECT v.product_id, v.version, v.digest, v.publisher, v.published_at, v.previous_version, v.changes_json
    FROM versions v WHERE v.product_id = ANY($1::text[]) ORDER BY v.product_id, v.seq DESC`,
  digestsOf: `SELECT v.product_id, v.version, v.digest, v.publisher, v.published_at, p.latest_version
    FROM unnest($1::text[], $2::text[]) AS r(product_id, version)
    JOIN versions v ON v.product_id = r.product_id AND v.version = r.version
    JOIN products p ON p.id = v.product_id`,
  edges: EDGES + EDGE_ORDER,
  consumers: `${EDGES} WHERE po.id = $1${EDGE_ORDER}`,
  // The products whose latest version declares an output port under one of the contract ids.
  contractPublishers: `SELECT DISTINCT o.contract_id, p.id FROM products p JOIN ports o ON o.version_seq = p.latest_seq AND o.direction = 'output'
    WHERE o.contract_id = ANY($1::text[]) ORDER BY o.contract_id, p.id`,
  consumersOfPort: `${EDGES} WHERE po.id = $1 AND o.name = $2${EDGE_ORDER}`,
  upstream: `${EDGES} WHERE pi.id = $1${EDGE_ORDER}`,
  insertToken: 'INSERT INTO tokens (id, hash, team, admin, privacy, description, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
  findToken: 'SELECT * FROM tokens WHERE hash = $1 AND revoked_at IS NULL',
  listTokens: 'SELECT * FROM tokens ORDER BY created_at, id',
  revokeToken: 'UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
  touchToken: 'UPDATE tokens SET last_used_at = $1 WHERE id = $2',
  dropExpiredSessions: 'DELETE FROM web_sessions WHERE expires_at <= $1',
  insertSession: 'INSERT INTO web_sessions (hash, token_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
  sessionTokens:
    'SELECT s.hash AS session_hash, t.* FROM web_sessions s JOIN tokens t ON t.id = s.token_id WHERE s.hash = ANY($1::text[]) AND s.expires_at > $2 AND t.revoked_at IS NULL',
  endSession: 'DELETE FROM web_sessions WHERE hash = $1',
} as const;

/** Consistency checks: each query returns rows describing problems. */
export const INTEGRITY = integrityQueries();
