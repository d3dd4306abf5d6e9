/**
 * Consistency checks of a catalog, the same on both backends: each query
 * returns rows with a `problem` column describing what is wrong. Each version's
 * port rows and digest are checked against its documents by the doctor itself
 * (src/catalog/doctor-checks.ts), with the same code that wrote them.
 */
export function integrityQueries(): string[] {
  return [
    `SELECT 'product ' || p.id || ': latest points at a missing or foreign version' AS problem FROM products p
     LEFT JOIN versions v ON v.seq = p.latest_seq WHERE v.seq IS NULL OR v.product_id <> p.id OR v.version <> p.latest_version`,
    `SELECT 'product ' || p.id || ': latest is not the newest version' AS problem FROM products p
     WHERE p.latest_seq <> (SELECT max(seq) FROM versions WHERE product_id = p.id)`,
    `SELECT 'product ' || p.id || ': version_count ' || p.version_count || ' but ' || count(v.seq) || ' versions' AS problem
     FROM products p LEFT JOIN versions v ON v.product_id = p.id GROUP BY p.id HAVING count(v.seq) <> p.version_count`,
    `SELECT 'version ' || v.product_id || '@' || v.version || ': no product row' AS problem FROM versions v
     LEFT JOIN products p ON p.id = v.product_id WHERE p.id IS NULL`,
  ];
}
