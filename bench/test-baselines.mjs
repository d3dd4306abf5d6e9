// What `dp test` is compared with in bench/test.bench.mjs, for the contract of that benchmark (30 checks on
// `orders`, and 25 schema checks: the table and each column's presence and type):
//   floor      the numbers dp reports, in one hand-written statement: one aggregate for the counts and
//              extremes, the three distinct counts as grouping sets (the fastest single statement found);
//   perCheck   one query per check, as tools that run a query per check write them (Soda-style): a
//              COUNT(*) ... WHERE per count, duplicates by GROUP BY ... HAVING count(*) > 1, an
//              information_schema query per schema check, a query per SLA and per sql rule.
// Both compute exactly the numbers dp reports (duplicates as extra rows, percentages of all rows).
// `lean`: the same contract without its uniqueness checks.
export const COUNTRIES = ['SE', 'NO', 'FI', 'DK', 'DE', 'FR', 'ES', 'IT', 'NL', 'PL'];
export const STATUSES = ['new', 'paid', 'shipped', 'delivered', 'cancelled'];
export const EMAIL = '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$';
export const SQL_RULE = "SELECT count(*) FROM {object} WHERE amount > 5000 AND status = 'cancelled'";
const list = (values) => values.map((v) => `'${v}'`).join(', ');
const COLUMNS = ['id', 'user_id', 'email', 'country', 'status', 'amount', 'quantity', 'created_at', 'updated_date', 'channel', 'score', 'is_active'];

const DIALECTS = {
  duckdb: { regex: (c, p) => `regexp_matches(${c}, '${p}')`, epoch: (e) => `epoch(${e})` },
  postgres: { regex: (c, p) => `(${c} ~ '${p}')`, epoch: (e) => `extract(epoch FROM ${e})` },
};

/** Conditions whose rows each count check counts, in the order of the contract. */
function conditions(regex) {
  return {
    idNull: 'id IS NULL',
    userNull: 'user_id IS NULL',
    emailFormat: `email IS NOT NULL AND NOT ${regex('email', EMAIL)}`,
    emailLength: 'length(email) > 100',
    emailNull: 'email IS NULL',
    countryInvalid: `country IS NOT NULL AND country NOT IN (${list(COUNTRIES)})`,
    statusNull: 'status IS NULL',
    statusInvalid: `status IS NOT NULL AND status NOT IN (${list(STATUSES)})`,
    statusMissing: "status IS NULL OR status = ''",
    amountLow: 'amount < 0',
    amountHigh: 'amount > 10000',
    amountNull: 'amount IS NULL',
    quantityLow: 'quantity < 1',
    quantityHigh: 'quantity > 100',
    createdNull: 'created_at IS NULL',
    dateLow: "updated_date < DATE '2000-01-01'",
    channelNull: 'channel IS NULL',
    channelPattern: `channel IS NOT NULL AND NOT ${regex('channel', '^[a-z]+$')}`,
    scoreLow: 'score < 0',
    scoreHigh: 'score > 1',
    activeNull: 'is_active IS NULL',
  };
}

/** The floor: one statement. */
export function floor(engine, relation, lean = false) {
  const d = DIALECTS[engine];
  const counts = Object.values(conditions(d.regex)).map((c) => `count(*) FILTER (WHERE ${c})`);
  const sqlRule = SQL_RULE.replace('{object} WHERE ', '').replace('SELECT count(*) FROM ', '');
  const main = ['count(*)', ...counts, `count(*) FILTER (WHERE ${sqlRule})`, d.epoch('max(created_at)'), d.epoch('min(created_at)')];
  if (lean) return `SELECT ${main.join(',\n  ')} FROM ${relation}`;
  main.push('count(id)', 'count(user_id)');
  const distinct = `SELECT count(*) FILTER (WHERE g = 3 AND id IS NOT NULL), count(*) FILTER (WHERE g = 5 AND user_id IS NOT NULL), count(*) FILTER (WHERE g = 4)
    FROM (SELECT GROUPING(id, user_id, created_at) AS g, id, user_id FROM ${relation} GROUP BY GROUPING SETS ((id), (user_id), (user_id, created_at))) AS s`;
  return `SELECT * FROM (SELECT ${main.join(',\n  ')} FROM ${relation}) AS a CROSS JOIN (${distinct}) AS b`;
}

/** Extra rows of repeated values (dp's duplicateValues), the way a per-check tool finds duplicates. */
function duplicates(relation, columns, nonNull) {
  const where = nonNull ? ` WHERE ${columns} IS NOT NULL` : '';
  return `SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM ${relation}${where} GROUP BY ${columns} HAVING count(*) > 1) AS d`;
}

/** One query per check, in the order of the contract: 25 schema checks, then the 30 checks. */
export function perCheck(engine, relation, table, lean = false) {
  const d = DIALECTS[engine];
  const c = conditions(d.regex);
  const count = (condition) => `SELECT count(*) FROM ${relation} WHERE ${condition}`;
  const percent = (condition) => `SELECT 100.0 * count(CASE WHEN ${condition} THEN 1 END) / count(*) FROM ${relation}`;
  const column = (name) => `SELECT data_type FROM information_schema.columns WHERE table_name = '${table}' AND column_name = '${name}'`;
  const schema = [`SELECT count(*) FROM information_schema.tables WHERE table_name = '${table}'`, ...COLUMNS.flatMap((name) => [column(name), column(name)])];
  const uniqueness = lean
    ? []
    : [
        duplicates(relation, 'user_id, created_at', false),
        duplicates(relation, 'id', true),
        duplicates(relation, 'id', true),
        `SELECT (${duplicates(relation, 'user_id', true)}) * 100.0 / (SELECT count(*) FROM ${relation})`,
      ];
  const checks = [
    `SELECT count(*) FROM ${relation}`,
    SQL_RULE.replace('{object}', relation),
    count(c.idNull),
    count(c.idNull),
    count(c.userNull),
    count(c.emailFormat),
    count(c.emailLength),
    percent(c.emailNull),
    count(c.countryInvalid),
    count(c.statusNull),
    count(c.statusInvalid),
    count(c.statusMissing),
    count(c.amountLow),
    count(c.amountHigh),
    count(c.amountNull),
    count(c.quantityLow),
    count(c.quantityHigh),
    count(c.createdNull),
    count(c.dateLow),
    percent(c.channelNull),
    count(c.channelPattern),
    count(c.scoreLow),
    count(c.scoreHigh),
    count(c.activeNull),
    `SELECT max(created_at) FROM ${relation}`,
    `SELECT min(created_at) FROM ${relation}`,
  ];
  return [...schema, ...uniqueness, ...checks];
}
