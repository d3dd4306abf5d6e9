/**
 * Consistency checks of a catalog, the same on both backends: each query
 * returns rows with a `problem` column describing what is wrong. The dialects
 * differ only in how they read the length of a JSON array.
 */
export function integrityQueries(portCount: (key: 'inputPorts' | 'outputPorts') => string): string[] {
  const ports = `coalesce(${portCount('inputPorts')}, 0) + coalesce(${portCount('outputPorts')}, 0)`;
  return [
    `SELECT 'product ' || p.id || ': latest points at a missing or foreign version' AS problem FROM products p
     LEFT JOIN versions v ON v.seq = p.latest_seq WHERE v.seq IS NULL OR v.product_id <> p.id OR v.version <> p.latest_version`,
    `SELECT 'product ' || p.id || ': latest is not the newest version' AS problem FROM products p
     WHERE p.latest_seq <> (SELECT max(seq) FROM versions WHERE product_id = p.id)`,
    `SELECT 'product ' || p.id || ': version_count ' || p.version_count || ' but ' || count(v.seq) || ' versions' AS problem
     FROM products p LEFT JOIN versions v ON v.product_id = p.id GROUP BY p.id HAVING count(v.seq) <> p.version_count`,
    `SELECT 'version ' || v.product_id || '@' || v.version || ': no product row' AS problem FROM versions v
     LEFT JOIN products p ON p.id = v.product_id WHERE p.id IS NULL`,
    `SELECT 'version ' || v.product_id || '@' || v.version || ': ' || count(pt.version_seq) || ' port rows, descriptor has ' ||
     (${ports}) AS problem
     FROM versions v LEFT JOIN ports pt ON pt.version_seq = v.seq GROUP BY v.seq
     HAVING count(pt.version_seq) <> ${ports}`,
  ];
}
