/**
 * What a change of the catalog touches, the same on both backends: the
 * products with a version or a test run appended after a change stamp, and the
 * products linked to them now (an edge appears or goes only where one end
 * published; a run changes its product's pages, and those of the products
 * linked to it, which name it).
 * The catalog server drops the cached answers that show them, and keeps the
 * rest (src/server/read-model/page-cache.ts).
 *
 * `versions` and `runs` are the dialect's placeholders for the two sequence
 * numbers of the stamp (src/catalog/stamps.ts). The query starts from
 * the versions and runs appended since (at most CHANGES_LIMIT + 1 of each, read in
 * order from the primary key: a plan made without knowing the stamp still
 * expects few), then follows the ports of the products' latest versions by
 * contract; CROSS JOIN keeps SQLite to that order. Rows: `id` and `kind`
 * (1: published; 0: linked to one that did; 2, without id: more versions
 * than CHANGES_LIMIT, too many to list).
 */
export const CHANGES_LIMIT = 100;

export function changedSinceSql(versions: string, runs: string): string {
  const linked = (
    from: string,
    to: string,
  ) => `SELECT DISTINCT t.product_id, 0 FROM recent c CROSS JOIN products p CROSS JOIN ports f CROSS JOIN ports t CROSS JOIN products q
  WHERE p.id = c.product_id AND f.version_seq = p.latest_seq AND f.direction = '${from}' AND f.contract_id IS NOT NULL
    AND t.contract_id = f.contract_id AND t.direction = '${to}' AND q.latest_seq = t.version_seq`;
  const since = (table: string, seq: string) =>
    `SELECT product_id FROM (SELECT product_id FROM ${table} WHERE seq > ${seq} ORDER BY seq LIMIT ${CHANGES_LIMIT + 1}) ${table}_since`;
  return `WITH recent AS MATERIALIZED (${since('versions', versions)} UNION ALL ${since('runs', runs)})
SELECT DISTINCT product_id AS id, 1 AS kind FROM recent
UNION ALL ${linked('output', 'input')}
UNION ALL ${linked('input', 'output')}
UNION ALL SELECT NULL, 2 FROM (SELECT count(*) AS n FROM recent) r WHERE r.n > ${CHANGES_LIMIT}`;
}

/** What `CatalogStore.changedSince` gives. */
export interface CatalogChanges {
  /** Products with a version or a test run appended since the stamp. */
  changed: string[];
  /** Products linked to one of them now, by an edge either way. */
  linked: string[];
}

/** The changes from the rows of `changedSinceSql`, or undefined when there were too many to list. */
export function toChanges(rows: Array<{ id: unknown; kind: unknown }>): CatalogChanges | undefined {
  const changed = new Set<string>();
  const linked = new Set<string>();
  for (const row of rows) {
    const kind = Number(row.kind);
    if (kind === 2) return undefined;
    (kind === 1 ? changed : linked).add(String(row.id));
  }
  return { changed: [...changed], linked: [...linked] };
}
