/**
 * Deterministic mutations of the official examples, for differential testing
 * of dp's schemas against the official ones: unknown keys at any depth, wrong
 * types, removed keys, bad enum values and formats, server types with the wrong
 * fields, logical types with the wrong options, quality rules with the wrong
 * operators. Some mutations stay valid; the official schema is the judge.
 */
import { seeded, type Random } from '../support/random.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };
type Path = Array<string | number>;
export { seeded, type Random };

export interface Mutation {
  label: string;
  value: Json;
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const isObj = (v: Json | undefined): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

interface Site {
  path: Path;
  value: Json;
}

function sites(value: Json, path: Path = [], out: Site[] = []): Site[] {
  out.push({ path, value });
  if (Array.isArray(value)) value.forEach((item, i) => sites(item, [...path, i], out));
  else if (isObj(value)) for (const [k, v] of Object.entries(value)) sites(v, [...path, k], out);
  return out;
}

function parentOf(doc: Json, path: Path): Obj | Json[] {
  let node = doc;
  for (const segment of path.slice(0, -1)) node = (node as Record<string | number, Json>)[segment];
  return node as Obj | Json[];
}

function set(doc: Json, path: Path, value: Json): void {
  (parentOf(doc, path) as Record<string | number, Json>)[path[path.length - 1]] = value;
}

const show = (path: Path): string => path.join('.') || '(root)';
const objects = (doc: Json): Site[] => sites(doc).filter((s) => isObj(s.value));
const keyed = (doc: Json, keys: ReadonlySet<string>): Site[] => sites(doc).filter((s) => keys.has(String(s.path[s.path.length - 1])));
/** Property objects of ODCS schemas (inside `properties` lists or `items`). */
const properties = (doc: Json): Site[] =>
  objects(doc).filter((s) => s.path.length > 2 && (s.path[s.path.length - 2] === 'properties' || s.path[s.path.length - 1] === 'items'));
const qualityRules = (doc: Json): Site[] => objects(doc).filter((s) => s.path[s.path.length - 2] === 'quality');
const servers = (doc: Json): Site[] => objects(doc).filter((s) => s.path.length === 2 && s.path[0] === 'servers');

const TYPE_POOL: Json[] = [42, 1.5, 'text', true, null, [], ['a'], {}, { a: 1 }];
const ENUM_KEYS = new Set(['apiVersion', 'kind', 'type', 'logicalType', 'dimension', 'metric', 'format']);
const FORMAT_KEYS = new Set([
  'contractCreatedTs',
  'productCreatedTs',
  'dateIn',
  'dateOut',
  'url',
  'invitationUrl',
  'location',
  'stagingDir',
  'staging_dir',
  'endpointUrl',
]);
const FORMAT_POOL = [
  'not a date',
  '2023-02-30',
  '2024-02-29',
  '2023-01-01',
  '2023-01-01T10:00:00',
  '2023-01-01T10:00:00Z',
  'relative/path',
  'https://example.com/x',
  'mailto:a@b.c',
  's3://bucket/key',
  'sftp://host/x',
];
const SERVER_TYPES = [
  'api',
  'athena',
  'azure',
  'bigquery',
  'clickhouse',
  'databricks',
  'denodo',
  'dremio',
  'duckdb',
  'glue',
  'cloudsql',
  'db2',
  'hive',
  'impala',
  'informix',
  'kafka',
  'kinesis',
  'local',
  'mysql',
  'oracle',
  'postgresql',
  'postgres',
  'presto',
  'pubsub',
  'redshift',
  's3',
  'sftp',
  'snowflake',
  'sqlserver',
  'synapse',
  'trino',
  'vertica',
  'zen',
  'custom',
  'Postgres',
  'mongodb',
];
const SERVER_FIELDS = [
  'host',
  'port',
  'database',
  'schema',
  'project',
  'dataset',
  'location',
  'format',
  'account',
  'catalog',
  'warehouse',
  'path',
  'serviceName',
  'region',
  'regionName',
  'stagingDir',
  'staging_dir',
  'endpointUrl',
  'stream',
  'topic',
  'delimiter',
];
const SERVER_VALUES: Json[] = ['value', 5432, 's3://bucket/key', 'parquet', 'avro', 'new_line', 'array'];
const LOGICAL_TYPES = ['string', 'date', 'timestamp', 'time', 'number', 'integer', 'object', 'array', 'boolean', 'varchar'];
const OPTION_VALUES: Record<string, Json[]> = {
  minLength: [3, -1, 'x'],
  maxLength: [10, 1.5],
  pattern: ['^a', 5],
  format: ['i64', 'f32', 'email', 'i33', 'yyyy-MM-dd'],
  minimum: [0, '2024-01-01'],
  maximum: [10, '2025-01-01'],
  exclusiveMinimum: [1, false],
  exclusiveMaximum: ['2030-01-01', true, 3],
  multipleOf: [5, 0],
  timezone: [true, 'yes'],
  defaultTimezone: ['Europe/Paris'],
  minProperties: [1, -2],
  maxProperties: [3],
  required: [['a'], [], ['a', 'a']],
  minItems: [1],
  maxItems: [4, 'many'],
  uniqueItems: [true, 1],
  minLenght: [2],
};
const OPERATORS: Array<[string, Json[]]> = [
  ['mustBe', [0, 'x']],
  ['mustNotBe', [1]],
  ['mustBeGreaterThan', [10, '10']],
  ['mustBeGreaterOrEqualTo', [0]],
  ['mustBeLessThan', [5]],
  ['mustBeLessOrEqualTo', [100]],
  ['mustBeBetween', [[1, 5], [1], [2, 2], ['a', 'b']]],
  ['mustNotBeBetween', [[0, 1]]],
];
const QUALITY_FIELDS: Array<[string, Json[]]> = [
  ['type', ['library', 'sql', 'custom', 'text', 'Library']],
  ['metric', ['nullValues', 'rowCount', 'nulls', 5]],
  ['query', ['SELECT 1']],
  ['engine', ['soda']],
  ['implementation', ['checks: []', { a: 1 }, 5]],
  ['rule', ['duplicateCount', 'validValues']],
  ['arguments', [{ x: 1 }, 'x']],
  ['validValues', [['a', 'b'], 'a']],
  ['scheduler', ['cron', 5]],
];

type Operator = (doc: Json, random: Random) => string | undefined;

function typo(random: Random, key: string): string {
  const variants = [key.toUpperCase(), key.slice(0, -1), `${key}s`, key.replace(/Id$/, 'ID'), `${key[0].toUpperCase()}${key.slice(1)}`];
  return pick(
    random,
    variants.filter((v) => v !== key && v.length > 0),
  );
}

const OPERATIONS: Record<string, Operator> = {
  unknownKey(doc, random) {
    const site = pick(random, objects(doc));
    const keys = Object.keys(site.value as Obj);
    const key = keys.length > 0 && random() < 0.5 ? typo(random, pick(random, keys)) : pick(random, ['foo', 'x-extra', 'owner', 'notes']);
    if (key in (site.value as Obj)) return undefined;
    (site.value as Obj)[key] = pick(random, ['value', 1, true]);
    return `unknown key ${key} at ${show(site.path)}`;
  },
  /** Unknown keys in top-level objects, where ODCS leaves one open (`description`). */
  unknownKeyShallow(doc, random) {
    const site = pick(
      random,
      objects(doc).filter((s) => s.path.length === 1),
    );
    if (!site || 'notes' in (site.value as Obj)) return undefined;
    (site.value as Obj).notes = 'value';
    return `unknown key notes at ${show(site.path)}`;
  },
  removeKey(doc, random) {
    const site = pick(
      random,
      objects(doc).filter((s) => Object.keys(s.value as Obj).length > 0),
    );
    if (!site) return undefined;
    const key = pick(random, Object.keys(site.value as Obj));
    delete (site.value as Obj)[key];
    return `remove ${show([...site.path, key])}`;
  },
  wrongType(doc, random) {
    const site = pick(random, sites(doc).slice(1));
    const replacement = pick(random, TYPE_POOL);
    set(doc, site.path, structuredClone(replacement));
    return `${show(site.path)} = ${JSON.stringify(replacement)}`;
  },
  badEnum(doc, random) {
    const site = pick(
      random,
      keyed(doc, ENUM_KEYS).filter((s) => typeof s.value === 'string'),
    );
    if (!site) return undefined;
    const value = pick(random, ['bogus', `${site.value}x`, String(site.value).toUpperCase()]);
    set(doc, site.path, value);
    return `${show(site.path)} = ${value}`;
  },
  badFormat(doc, random) {
    const site = pick(
      random,
      keyed(doc, FORMAT_KEYS).filter((s) => typeof s.value === 'string'),
    );
    if (!site) return undefined;
    const value = pick(random, FORMAT_POOL);
    set(doc, site.path, value);
    return `${show(site.path)} = ${value}`;
  },
  serverType(doc, random) {
    const site = pick(random, servers(doc));
    if (!site) return undefined;
    const server = site.value as Obj;
    if (random() < 0.5) server.type = pick(random, SERVER_TYPES);
    else server[pick(random, SERVER_FIELDS)] = pick(random, SERVER_VALUES);
    return `server ${show(site.path)} -> ${JSON.stringify(server)}`;
  },
  logicalType(doc, random) {
    const site = pick(random, properties(doc));
    if (!site) return undefined;
    const property = site.value as Obj;
    if (random() < 0.2) delete property.logicalType;
    else property.logicalType = pick(random, LOGICAL_TYPES);
    return `logicalType of ${show(site.path)} -> ${String(property.logicalType)}`;
  },
  logicalOptions(doc, random) {
    const site = pick(random, properties(doc));
    if (!site) return undefined;
    const options: Obj = {};
    for (let i = 0; i < 1 + Math.floor(random() * 2); i += 1) {
      const key = pick(random, Object.keys(OPTION_VALUES));
      options[key] = structuredClone(pick(random, OPTION_VALUES[key]));
    }
    (site.value as Obj).logicalTypeOptions = options;
    return `logicalTypeOptions of ${show(site.path)} (${String((site.value as Obj).logicalType)}) = ${JSON.stringify(options)}`;
  },
  quality(doc, random) {
    const site = pick(random, qualityRules(doc));
    if (!site) return undefined;
    const rule = site.value as Obj;
    const [key, values] = random() < 0.5 ? pick(random, OPERATORS) : pick(random, QUALITY_FIELDS);
    if (random() < 0.3 && key in rule) delete rule[key];
    else rule[key] = structuredClone(pick(random, values));
    return `quality ${show(site.path)} -> ${JSON.stringify(rule)}`;
  },
  duplicateItem(doc, random) {
    const site = pick(
      random,
      sites(doc).filter((s) => Array.isArray(s.value) && s.value.length > 0),
    );
    if (!site) return undefined;
    const list = site.value as Json[];
    list.push(structuredClone(pick(random, list)));
    return `duplicate an item of ${show(site.path)}`;
  },
};

/** Operations aimed at ODCS's conditional parts (server types, logical types, quality rules) and its open objects. */
export const TARGETED = ['serverType', 'logicalType', 'logicalOptions', 'quality', 'unknownKeyShallow'];

/** `count` mutations of a document, reproducible for a given random source. */
export function mutate(base: Json, count: number, random: Random, names: readonly string[] = Object.keys(OPERATIONS)): Mutation[] {
  const out: Mutation[] = [];
  for (let attempts = 0; out.length < count && attempts < count * 10; attempts += 1) {
    const doc = structuredClone(base);
    const name = pick(random, names);
    const label = OPERATIONS[name](doc, random);
    if (label) out.push({ label: `${name}: ${label}`, value: doc });
  }
  return out;
}
