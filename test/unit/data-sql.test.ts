import { describe, expect, it } from 'vitest';
import { blankLiterals, leftPlaceholders, refuseSql, wrapRuleQuery } from '../../src/data/sql/guard.js';
import { duckdbDialect } from '../../src/data/sql/duckdb.js';
import { postgresDialect } from '../../src/data/sql/postgres.js';
import { renderPredicate } from '../../src/data/sql/predicate.js';
import { planScan, type BoundObject } from '../../src/data/sql/query.js';
import { renderScan } from '../../src/data/sql/scan.js';
import { ACCEPTS, familyOf, sameFamily } from '../../src/data/sql/types.js';
import type { ObjectPlan, PlannedCheck } from '../../src/data/plan.js';

describe('the guard of sql rules', () => {
  it('lets one query through, however it is written', () => {
    for (const q of [
      'SELECT count(*) FROM {object}',
      'select count(*) from t;',
      'WITH x AS (SELECT 1 AS n) SELECT n FROM x',
      "SELECT count(*) FROM t WHERE note = 'please DELETE me; DROP TABLE t'",
      'SELECT count(*) FROM t -- a comment; DROP TABLE t\n',
      'SELECT "update" FROM t',
      '(SELECT 1)',
      'FROM t SELECT count(*)',
    ]) {
      expect(refuseSql(q), q).toBeUndefined();
    }
  });

  it('refuses writes, several statements, session changes and files', () => {
    const cases: Array<[string, RegExp]> = [
      ['DELETE FROM t', /not `delete`/],
      ['DROP TABLE t', /not `drop`/],
      ["COPY t TO '/tmp/x.csv'", /not `copy`/],
      ["ATTACH '/tmp/x.db'", /not `attach`/],
      ['SELECT 1; DROP TABLE t', /more than one statement/],
      ['SELECT 1; SELECT 2', /more than one statement/],
      ['WITH gone AS (DELETE FROM t RETURNING *) SELECT count(*) FROM gone', /`DELETE`/],
      ['SELECT * INTO copy_of_t FROM t', /`INTO`/],
      ['SET statement_timeout = 0', /not `set`/],
      ["SELECT 'unclosed", /unclosed/],
      ['SELECT 1 /* open comment', /unclosed/],
      ['EXPLAIN ANALYZE DELETE FROM t', /not `explain`/],
    ];
    for (const [q, reason] of cases) {
      expect(refuseSql(q), q).toMatch(reason);
    }
  });

  it('blanks literals, comments and dollar quotes without moving anything', () => {
    const sql = 'SELECT \'a;b\', "c;d", $$e;f$$ -- g;h\n/* i;j */ FROM t';
    const blank = blankLiterals(sql)!;
    expect(blank).toHaveLength(sql.length);
    expect(blank).not.toContain(';');
    expect(blank).toContain('FROM t');
  });

  it('replaces placeholders and wraps the rule as a subquery of at most two rows', () => {
    const sql = wrapRuleQuery('SELECT count(*) FROM ${object} WHERE {property} < 0;', { object: '"t"', property: '"c"' });
    expect(sql).toBe('SELECT * FROM (\nSELECT count(*) FROM "t" WHERE "c" < 0\n) AS dp_rule LIMIT 2');
    expect(leftPlaceholders(wrapRuleQuery('SELECT {column} FROM {table}', { object: '"t"' }))).toEqual(['{column}']);
  });
});

describe('type families', () => {
  it('names the same kinds of values alike across engines', () => {
    expect(['VARCHAR', 'character varying(36)', 'text', 'UUID'].map(familyOf)).toEqual(
      ['VARCHAR', 'character varying(36)', 'text', 'UUID'].map(() => 'string'),
    );
    expect(['BIGINT', 'integer', 'smallint', 'DECIMAL(18,0)', 'numeric(10, 0)'].map(familyOf)).toEqual(
      ['BIGINT', 'integer', 'smallint', 'DECIMAL(18,0)', 'numeric(10, 0)'].map(() => 'integer'),
    );
    expect(['DOUBLE', 'double precision', 'numeric(10,2)', 'DECIMAL(18,3)', 'real'].map(familyOf)).toEqual(
      ['DOUBLE', 'double precision', 'numeric(10,2)', 'DECIMAL(18,3)', 'real'].map(() => 'number'),
    );
    expect(familyOf('TIMESTAMP WITH TIME ZONE')).toBe('timestamptz');
    expect(familyOf('timestamp without time zone')).toBe('timestamp');
    expect(familyOf('timestamp(3) with time zone')).toBe('timestamptz');
    expect(familyOf('timestamp(6) without time zone')).toBe('timestamp');
    expect(familyOf('time(3) without time zone')).toBe('time');
    expect(familyOf('TIMESTAMP_NS')).toBe('timestamp');
    expect(familyOf('DATE')).toBe('date');
    expect(familyOf('INTEGER[]')).toBe('array');
    expect(familyOf('STRUCT(a INTEGER)')).toBe('object');
    expect(familyOf('jsonb')).toBe('object');
  });

  it('accepts integer columns for numbers but not the other way round; dates are not timestamps', () => {
    expect(ACCEPTS.number).toContain('integer');
    expect(ACCEPTS.integer).not.toContain('number');
    expect(ACCEPTS.timestamp).not.toContain('date');
    expect(sameFamily(familyOf('varchar(36)'), familyOf('text'))).toBe(true);
    expect(sameFamily(familyOf('timestamp'), familyOf('timestamptz'))).toBe(true);
    expect(sameFamily(familyOf('bigint'), familyOf('VARCHAR'))).toBe(false);
    expect(sameFamily(familyOf('my_domain_type'), familyOf('VARCHAR'))).toBe(true);
  });
});

describe('predicates in each dialect', () => {
  const text = { sql: '"c"', family: 'string' as const };
  const num = { sql: '"n"', family: 'integer' as const };

  it('compares numbers as numbers and the rest as text, with quotes doubled', () => {
    expect(renderPredicate(duckdbDialect, num, { kind: 'in', values: [1, "it's"], orNull: true })).toBe(
      `("n" IS NULL OR ("n" = 1 OR CAST("n" AS VARCHAR) = 'it''s'))`,
    );
    expect(renderPredicate(postgresDialect, text, { kind: 'notMatching', pattern: "^a'b$", orIn: ['N/A'] })).toBe(
      `("c" IS NOT NULL AND NOT ("c" ~ '^a''b$') AND NOT ("c" = 'N/A'))`,
    );
    expect(renderPredicate(duckdbDialect, text, { kind: 'notMatching', pattern: '^x$' })).toBe(`("c" IS NOT NULL AND NOT regexp_matches("c", '^x$'))`);
  });

  it('lists several values of one kind as IN', () => {
    expect(renderPredicate(duckdbDialect, text, { kind: 'notIn', values: ['SE', 'a = b', 'NO'] })).toBe(
      `("c" IS NOT NULL AND NOT ("c" IN ('SE', 'a = b', 'NO')))`,
    );
    expect(renderPredicate(postgresDialect, num, { kind: 'in', values: [1, 2, 'x', 'y'] })).toBe(`("n" IN (1, 2) OR CAST("n" AS text) IN ('x', 'y'))`);
  });

  it('renders ranges, lengths and ages', () => {
    expect(renderPredicate(duckdbDialect, num, { kind: 'valueOutside', min: 0, exclusiveMax: 10 })).toBe('("n" IS NOT NULL AND ("n" < 0 OR "n" >= 10))');
    expect(renderPredicate(postgresDialect, { sql: '"d"', family: 'date' }, { kind: 'valueOutside', min: '2020-01-01', temporal: true })).toBe(
      `("d" IS NOT NULL AND ("d" < CAST('2020-01-01' AS date)))`,
    );
    expect(renderPredicate(postgresDialect, text, { kind: 'lengthOutside', max: 3 })).toBe('("c" IS NOT NULL AND (char_length("c") > 3))');
    expect(renderPredicate(duckdbDialect, { sql: '"t"', family: 'timestamp' }, { kind: 'olderThan', epochSeconds: 100 })).toBe('"t" < to_timestamp(100)');
  });

  it('quotes identifiers so that a name cannot end the quote', () => {
    expect(duckdbDialect.ident('a"; DROP TABLE t; --')).toBe('"a""; DROP TABLE t; --"');
  });
});

describe('one aggregate query per table', () => {
  const location = { file: 'c.yaml', line: 1, column: 1, endLine: 1, endColumn: 2 };
  const check = (check: string, measure: PlannedCheck['measure']): PlannedCheck => ({
    category: 'quality',
    check,
    severity: 'error',
    location,
    expected: '',
    measure,
    threshold: { operator: 'mustBe', value: 0 },
    unit: 'rows',
  });
  const plan: ObjectPlan = { name: 'o', physicalName: 'o', location, fields: [], checks: [], skipped: [], sinceField: 'at' };
  const bound: BoundObject = {
    plan,
    relation: '"o"',
    columns: new Map([
      ['id', { sql: '"id"', family: 'string' }],
      ['at', { sql: '"at"', family: 'timestamp' }],
      ['n', { sql: '"n"', family: 'integer' }],
    ]),
    since: 1000,
  };

  it('computes every measure in one statement, each aggregate once, distinct counts as grouping sets', () => {
    const checks = [
      check('rowCount', { kind: 'rowCount' }),
      check('required', { kind: 'count', field: 'id', predicate: { kind: 'isNull' } }),
      check('nullValues', { kind: 'count', field: 'id', predicate: { kind: 'isNull' }, percent: true }),
      check('unique', { kind: 'duplicates', fields: ['id'] }),
      check('primaryKey', { kind: 'duplicates', fields: ['id', 'n'] }),
      check('latency', { kind: 'age', field: 'at', of: 'newest' }),
      check('latency', { kind: 'age', field: 'missing', of: 'newest' }),
      check('latency', { kind: 'age', field: 'n', of: 'newest' }),
    ];
    const scan = planScan(bound, checks, 5000);
    // 0 rows, 1 nulls of id, 2 distinct id, 3 non-null id, 4 distinct (id, n), 5 max epoch of at
    expect(scan.aggregates.map((a) => a.kind)).toEqual(['rows', 'count', 'distinct', 'nonNull', 'distinct', 'maxEpoch']);
    const query = renderScan(duckdbDialect, bound, scan.aggregates);
    expect(query.sql!.match(/count\(\*\) FILTER \(WHERE "id" IS NULL\)/g)).toHaveLength(1);
    expect(query.sql).not.toContain('DISTINCT');
    expect(query.sql).toContain('GROUP BY GROUPING SETS (("id"), ("id", "n"))');
    expect(query.sql).toContain('count(*) FILTER (WHERE g = 1 AND v0 IS NOT NULL) AS m2, count(*) FILTER (WHERE g = 0) AS m4');
    expect(query.sql!.match(/WHERE "at" >= to_timestamp\(1000\)/g)).toHaveLength(2);
    expect(scan.unmeasurable.map((u) => u.reason)).toEqual([
      'column of `missing` is missing',
      '`n` is not a date or timestamp column; its age cannot be measured',
    ]);
    // The statement's row lists m0..m5 in the order of the aggregates, wherever each is computed.
    expect(query.sql).toMatch(/^SELECT m0, m1, m2, m3, m4, m5\n/);
    const values = query.values([200, 10, 150, 190, 180, 4000]);
    expect(scan.items.map((i) => i.read(values))).toEqual([200, 10, 5, 40, 20, 1000]);
    expect(scan.facts(values)).toEqual({ rows: 200, watermark: new Date(4000 * 1000).toISOString() });
  });

  it('asks only for what the metadata did not answer, and nothing when it answered everything', () => {
    const checks = [
      check('rowCount', { kind: 'rowCount' }),
      check('required', { kind: 'count', field: 'id', predicate: { kind: 'isNull' } }),
      check('unique', { kind: 'duplicates', fields: ['id'] }),
    ];
    const scan = planScan({ ...bound, since: undefined }, checks, 5000);
    // The newest value of the --since column is always asked: it is where a later run can resume.
    expect(scan.aggregates.map((a) => a.kind)).toEqual(['rows', 'count', 'distinct', 'nonNull', 'maxEpoch']);
    const partly = renderScan(
      postgresDialect,
      { ...bound, since: undefined },
      scan.aggregates,
      new Map([
        [0, 100],
        [1, 0],
        [3, 100],
        [4, 4000],
      ]),
    );
    expect(partly.sql).toBe('SELECT m2\nFROM (SELECT count(*) AS m2 FROM (SELECT 1 AS one FROM "o" WHERE "id" IS NOT NULL GROUP BY "id") AS g) AS d0');
    expect(scan.items.map((i) => i.read(partly.values([97])))).toEqual([100, 0, 3]);
    const all = renderScan(
      postgresDialect,
      bound,
      [scan.aggregates[0], scan.aggregates[1]],
      new Map([
        [0, 100],
        [1, null],
      ]),
    );
    expect(all.sql).toBeUndefined();
    expect(all.values(undefined)).toEqual([100, null]);
  });

  it('takes a distinct count a unique index guarantees as the count it equals', () => {
    const checks = [check('unique', { kind: 'duplicates', fields: ['id'] }), check('primaryKey', { kind: 'duplicates', fields: ['id', 'n'] })];
    const plain = { ...bound, since: undefined };
    const scan = planScan(plain, checks, 0);
    // 0 rows, 1 distinct id, 2 non-null id, 3 distinct (id, n), 4 max epoch of at
    expect(scan.aggregates.map((a) => a.kind)).toEqual(['rows', 'distinct', 'nonNull', 'distinct', 'maxEpoch']);
    const query = renderScan(
      postgresDialect,
      plain,
      scan.aggregates,
      new Map([
        [1, { sameAs: 2 }],
        [3, { sameAs: 0 }],
      ]),
    );
    expect(query.sql).not.toMatch(/GROUP/);
    expect(query.sql!.startsWith('SELECT\n  count(*) AS m0,\n  count("id") AS m2,')).toBe(true);
    expect(query.values([1000, 980, null])).toEqual([1000, 980, 980, 1000, null]);
    expect(scan.items.map((i) => i.read(query.values([1000, 980, null])))).toEqual([0, 0]);
  });

  it('splits distinct counts over more columns than GROUPING() takes', () => {
    const columns = new Map(Array.from({ length: 40 }, (_, i) => [`c${i}`, { sql: `"c${i}"`, family: 'integer' as const }]));
    const wide = { ...bound, columns, since: undefined };
    const checks = Array.from({ length: 40 }, (_, i) => check('unique', { kind: 'duplicates', fields: [`c${i}`] }));
    const query = renderScan(duckdbDialect, wide, planScan(wide, checks, 0).aggregates);
    const groupings = [...query.sql!.matchAll(/GROUPING\(([^)]*)\)/g)].map((m) => m[1].split(', ').length);
    expect(groupings).toEqual([31, 9]);
    expect(query.sql).toContain(') AS d1');
  });
});
