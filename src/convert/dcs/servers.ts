/**
 * Data Contract Specification servers (a mapping by name) to the ODCS v3.1.0
 * `servers` list: the name becomes `server`, the roles' `name` becomes `role`;
 * connection fields keep their names, and those ODCS does not define for the
 * server's type (a Kafka `topic`, a Redshift `clusterIdentifier`...) move to the
 * server's customProperties in the final pass over unknown keys.
 */
import { isMap, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { asMap, asSeq, get, keyOf, listFrom, newMap, pair, pairs, plain, text, type AnyPair } from '../nodes.js';
import { renamed, rewriteMap, type Emit, type Handler } from '../rewrite.js';
import type { Path } from '../types.js';
import type { DcsContext } from './context.js';

/** Server types ODCS v3.1.0 knows. */
export const ODCS_SERVER_TYPES = [
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
];

function serverType(from: AnyPair, path: Path, ctx: DcsContext): Emit {
  const declared = text(from.value) ?? '';
  const lower = declared.toLowerCase();
  if (ODCS_SERVER_TYPES.includes(lower)) {
    if (lower !== declared) ctx.notes.add('changed', from, [...path, 'type'], `server type \`${declared}\` written as \`${lower}\``);
    return [pair('type', lower, from)];
  }
  ctx.notes.add(
    'changed',
    from,
    [...path, 'type'],
    `server type \`${declared}\` is not an ODCS v3.1.0 server type: written as \`custom\`, its fields kept where the custom type has them`,
  );
  return [pair('type', 'custom', from)];
}

function role(node: unknown): YAMLMap {
  if (!isMap(node)) return newMap([pair('role', String(plain(node)))]);
  return rewriteMap(node, { name: (from) => [renamed(from, 'role')] }, (from) => [from as Pair<Scalar, Node>]);
}

/** A port written as a string of digits becomes a number (ODCS ports are integers). */
function port(from: AnyPair, path: Path, ctx: DcsContext): Emit {
  const value = plain(from.value);
  if (typeof value === 'string' && /^\d+$/.test(value)) {
    ctx.notes.add('changed', from, [...path, 'port'], `port "${value}" written as the number ${value}`);
    return [pair('port', Number(value), from)];
  }
  return [from as Pair<Scalar, Node>];
}

function convertServer(name: string, node: Node | null, ctx: DcsContext): YAMLMap {
  const path: Path = ['servers', name];
  const handlers: Record<string, Handler> = {
    type: (from) => serverType(from, path, ctx),
    port: (from) => port(from, path, ctx),
    roles: (from) => [
      pair(
        'roles',
        (asSeq(from.value)?.items ?? []).map((r) => role(r)),
        from,
      ),
    ],
    server: (from) => {
      ctx.notes.add('dropped', from, [...path, 'server'], `\`server\` inside the server is replaced by the server's name \`${name}\``);
      return [];
    },
  };
  const out = rewriteMap(asMap(node), handlers, (from) => [from as Pair<Scalar, Node>]);
  out.items.unshift(pair('server', name));
  ctx.origins.set(out, path);
  return out;
}

export function convertServers(servers: Node | null | undefined, ctx: DcsContext): YAMLMap[] {
  return listFrom(asMap(servers), (p) => convertServer(keyOf(p), p.value as Node | null, ctx));
}

/** The server types of the source, in order (for physical types in field configs). */
export function serverTypesOf(servers: Node | null | undefined): string[] {
  return pairs(asMap(servers))
    .map((p) => text(get(asMap(p.value), 'type'))?.toLowerCase())
    .filter((t): t is string => typeof t === 'string');
}
