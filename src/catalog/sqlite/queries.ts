/** SQL of the SQLite catalog, in one place. */
import { changedSinceSql } from '../changes.js';
import { integrityQueries } from '../integrity.js';
import { changedProductsSql, LATEST_RUNS, QUALITY_SQL, RUN_COLUMNS } from '../runs-sql.js';
import { STAMP_SQL } from '../stamps.js';

export const SUMMARY_COLUMNS = 'p.id, p.latest_version, p.name, p.domain, p.team, p.status, p.purpose, p.tags, p.publisher, p.published_at, p.version_count';

export const VERSION_COLUMNS = 'v.seq, v.product_id, v.version, v.digest, v.publisher, v.published_at, v.previous_version, v.changes_json';

export const EDGES = `
SELECT o.product_id AS from_product, o.name AS from_port, o.contract_id, i.product_id AS to_product, i.name AS to_port
FROM products po
JOIN ports o ON o.version_seq = po.latest_seq AND o.direction = 'output' AND o.contract_id IS NOT NULL
JOIN ports i ON i.contract_id = o.contract_id AND i.direction = 'input'
JOIN products pi ON pi.latest_seq = i.version_seq`;

export const EDGE_ORDER = ' ORDER BY from_product, from_port, to_product, to_port';

export const SQL = {
  changeStamp: `SELECT ${STAMP_SQL} AS stamp`,
  changedSince: changedSinceSql('@versions', '@runs'),
  head: 'SELECT latest_version FROM products WHERE id = ?',
  insertVersion: `INSERT INTO versions (product_id, version, digest, publisher, published_at, previous_version, name, domain, team, status,
      descriptor_file, descriptor_text, descriptor_json, contracts_json, validation_json, changes_json)
    VALUES (@productId, @version, @digest, @publisher, @publishedAt, @previousVersion, @name, @domain, @team, @status,
      @descriptorFile, @descriptorText, @descriptorJson, @contractsJson, @validationJson, @changesJson)`,
  insertPort: `INSERT INTO ports (version_seq, position, product_id, direction, name, port_version, contract_id, type)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  upsertProduct: `INSERT INTO products (id, latest_seq, latest_version, name, domain, team, status, purpose, tags, publisher, published_at, version_count)
    VALUES (@productId, @seq, @version, @name, @domain, @team, @status, @purpose, @tags, @publisher, @publishedAt, 1)
    ON CONFLICT (id) DO UPDATE SET latest_seq = excluded.latest_seq, latest_version = excluded.latest_version, name = excluded.name,
      domain = excluded.domain, team = excluded.team, status = excluded.status, purpose = excluded.purpose, tags = excluded.tags,
      publisher = excluded.publisher, published_at = excluded.published_at, version_count = products.version_count + 1
    RETURNING pk`,
  // The products whose latest version or latest run is newer than a stamp, with the ports of that version, their search text and quality.
  productsSince: `SELECT p.pk AS dp_order, ${SUMMARY_COLUMNS}, s.title AS dp_title, s.body AS dp_body, ${QUALITY_SQL} AS dp_quality,
      (SELECT json_group_array(json_object('direction', t.direction, 'name', t.name, 'port_version', t.port_version, 'contract_id', t.contract_id, 'type', t.type))
        FROM (SELECT * FROM ports WHERE version_seq = p.latest_seq ORDER BY position) t) AS dp_ports
    FROM products p JOIN products_search s ON s.rowid = p.pk WHERE p.id IN (${changedProductsSql('@versions', '@runs')}) ORDER BY p.pk`,
  insertRun: `INSERT INTO runs (${RUN_COLUMNS.join(', ')}) VALUES (${RUN_COLUMNS.map(() => '?').join(', ')})`,
  latestRuns: LATEST_RUNS(() => '?'),
  deleteSearch: 'DELETE FROM products_search WHERE rowid = ?',
  insertSearch: 'INSERT INTO products_search (rowid, title, body) VALUES (?, ?, ?)',
  getVersion: 'SELECT v.*, v.seq AS seq FROM versions v WHERE v.product_id = ? AND v.version = ?',
  getLatest: 'SELECT v.* FROM products p JOIN versions v ON v.seq = p.latest_seq WHERE p.id = ?',
  portsOf: 'SELECT * FROM ports WHERE version_seq = ? ORDER BY position',
  versions: `SELECT ${VERSION_COLUMNS} FROM versions v WHERE v.product_id = ? ORDER BY v.seq DESC`,
  digestOf: `SELECT v.digest, v.publisher, v.published_at, p.latest_version FROM versions v JOIN products p ON p.id = v.product_id
    WHERE v.product_id = ? AND v.version = ?`,
  edges: EDGES + EDGE_ORDER,
  consumers: `${EDGES} WHERE po.id = ?${EDGE_ORDER}`,
  // The products whose latest version declares an output port under one of the contract ids (a JSON array).
  contractPublishers: `SELECT DISTINCT o.contract_id, p.id FROM products p JOIN ports o ON o.version_seq = p.latest_seq AND o.direction = 'output'
    WHERE o.contract_id IN (SELECT value FROM json_each(?)) ORDER BY o.contract_id, p.id`,
  consumersOfPort: `${EDGES} WHERE po.id = ? AND o.name = ?${EDGE_ORDER}`,
  upstream: `${EDGES} WHERE pi.id = ?${EDGE_ORDER}`,
  insertToken: `INSERT INTO tokens (id, hash, team, admin, privacy, description, created_at) VALUES (@id, @hash, @team, @admin, @privacy, @description, @createdAt)`,
  findToken: 'SELECT * FROM tokens WHERE hash = ? AND revoked_at IS NULL',
  listTokens: 'SELECT * FROM tokens ORDER BY created_at, id',
  revokeToken: 'UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  touchToken: 'UPDATE tokens SET last_used_at = ? WHERE id = ?',
  dropExpiredSessions: 'DELETE FROM web_sessions WHERE expires_at <= ?',
  insertSession: 'INSERT INTO web_sessions (hash, token_id, created_at, expires_at) VALUES (@hash, @tokenId, @createdAt, @expiresAt)',
  sessionTokens:
    'SELECT s.hash AS session_hash, t.* FROM web_sessions s JOIN tokens t ON t.id = s.token_id WHERE s.hash IN (SELECT value FROM json_each(?)) AND s.expires_at > ? AND t.revoked_at IS NULL',
  endSession: 'DELETE FROM web_sessions WHERE hash = ?',
} as const;

/** Consistency checks: each query returns rows describing problems (the last one: FTS5's own table). */
export const INTEGRITY = [
  ...integrityQueries(),
  `SELECT 'search index has ' || (SELECT count(*) FROM products_search) || ' rows for ' || (SELECT count(*) FROM products) || ' products' AS problem
     WHERE (SELECT count(*) FROM products_search) <> (SELECT count(*) FROM products)`,
];
