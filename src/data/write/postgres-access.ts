/**
 * Access on PostgreSQL: each role of a contract becomes a group role (NOLOGIN)
 * holding the privileges of its access on the tables of the contract; a grant
 * makes the consumer team's role (the team name; created NOLOGIN when absent)
 * a member of it, so the team's logins read through it. A plan compares what
 * should be with what the server has (pg_roles, pg_auth_members, the tables'
 * ACLs) and lists only the statements that change something: applying twice
 * runs nothing the second time. The plan runs in one transaction.
 */
import type { PoolClient } from 'pg';
import { DataError } from '../connectors/connector.js';
import { postgresDialect as d } from '../sql/postgres.js';
import type { PostgresWriter } from './postgres.js';

export interface DesiredRole {
  role: string;
  /** SQL privileges on each table: SELECT for read, and INSERT, UPDATE, DELETE for write. */
  privileges: string[];
  /** Physical names of the contract's tables. */
  tables: string[];
  /** Teams that hold a live grant of the role. */
  members: string[];
  /** Teams that held a grant of it once and hold none now: their membership is revoked. */
  formerMembers: string[];
}

export interface PlannedStatement {
  sql: string;
  why: string;
}

export interface AccessPlan {
  statements: PlannedStatement[];
  /** Members of the roles that dp did not grant (not touched). */
  unmanaged: Array<{ role: string; member: string }>;
}

export const PRIVILEGES: Record<string, string[]> = { read: ['SELECT'], write: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] };

interface Current {
  roles: Set<string>;
  members: Map<string, Set<string>>;
  /** Privileges granted to a role on a table, by `role\0table`. */
  grants: Map<string, Set<string>>;
  usage: Set<string>;
}

async function readCurrent(client: PoolClient, schema: string, names: string[], tables: string[]): Promise<Current> {
  const roles = new Set((await client.query('SELECT rolname FROM pg_roles WHERE rolname = ANY($1)', [names])).rows.map((r) => String(r.rolname)));
  const members = new Map<string, Set<string>>();
  const memberRows = await client.query(
    'SELECT g.rolname AS role, m.rolname AS member FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = ANY($1)',
    [names],
  );
  for (const r of memberRows.rows) members.set(String(r.role), (members.get(String(r.role)) ?? new Set()).add(String(r.member)));
  const grantRows = await client.query(
    `SELECT c.relname AS table_name, g.rolname AS role, a.privilege_type FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
       aclexplode(c.relacl) a JOIN pg_roles g ON g.oid = a.grantee WHERE n.nspname = $1 AND c.relname = ANY($2) AND g.rolname = ANY($3)`,
    [schema, tables, names],
  );
  const grants = new Map<string, Set<string>>();
  for (const r of grantRows.rows)
    grants.set(`${r.role}\u0000${r.table_name}`, (grants.get(`${r.role}\u0000${r.table_name}`) ?? new Set()).add(String(r.privilege_type)));
  const usageRows = await client.query(
    `SELECT g.rolname AS role FROM pg_namespace n, aclexplode(n.nspacl) a JOIN pg_roles g ON g.oid = a.grantee WHERE n.nspname = $1 AND a.privilege_type = 'USAGE' AND g.rolname = ANY($2)`,
    [schema, names],
  );
  return { roles, members, grants, usage: new Set(usageRows.rows.map((r) => String(r.role))) };
}

async function existingTables(client: PoolClient, schema: string, tables: string[]): Promise<Set<string>> {
  const { rows } = await client.query(
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = ANY($2) AND c.relkind IN ('r', 'v', 'm', 'p', 'f')",
    [schema, tables],
  );
  return new Set(rows.map((r) => String(r.relname)));
}

function planFrom(schema: string, desired: DesiredRole[], current: Current): AccessPlan {
  const statements: PlannedStatement[] = [];
  const created = new Set<string>();
  const ensureRole = (name: string, why: string) => {
    if (current.roles.has(name) || created.has(name)) return;
    created.add(name);
    statements.push({ sql: `CREATE ROLE ${d.ident(name)} NOLOGIN`, why });
  };
  const unmanaged: AccessPlan['unmanaged'] = [];
  for (const role of desired) {
    ensureRole(role.role, `the contract's role ${role.role}`);
    if (!current.usage.has(role.role))
      statements.push({ sql: `GRANT USAGE ON SCHEMA ${d.ident(schema)} TO ${d.ident(role.role)}`, why: `${role.role} reaches the schema` });
    for (const table of role.tables) {
      const have = current.grants.get(`${role.role}\u0000${table}`) ?? new Set();
      const missing = role.privileges.filter((p) => !have.has(p));
      if (missing.length > 0)
        statements.push({
          sql: `GRANT ${missing.join(', ')} ON ${d.ident(schema)}.${d.ident(table)} TO ${d.ident(role.role)}`,
          why: `${role.role} gives ${role.privileges.join(', ')} on ${table}`,
        });
    }
    const members = current.members.get(role.role) ?? new Set();
    for (const team of role.members) {
      ensureRole(team, `the role of team ${team}`);
      if (!members.has(team))
        statements.push({ sql: `GRANT ${d.ident(role.role)} TO ${d.ident(team)}`, why: `team ${team} holds a live grant of ${role.role}` });
    }
    for (const team of role.formerMembers)
      if (members.has(team))
        statements.push({ sql: `REVOKE ${d.ident(role.role)} FROM ${d.ident(team)}`, why: `team ${team} holds no live grant of ${role.role} any more` });
    const known = new Set([...role.members, ...role.formerMembers]);
    for (const member of members) if (!known.has(member)) unmanaged.push({ role: role.role, member });
  }
  return { statements, unmanaged };
}

/** What would change on the server for these roles (read in one read-only transaction). */
export async function planAccess(writer: PostgresWriter, desired: DesiredRole[]): Promise<AccessPlan> {
  const tables = [...new Set(desired.flatMap((r) => r.tables))];
  const names = [...new Set(desired.flatMap((r) => [r.role, ...r.members, ...r.formerMembers]))];
  return writer.transaction(true, async (client) => {
    const found = await existingTables(client, writer.schema, tables);
    const absent = tables.filter((t) => !found.has(t));
    if (absent.length > 0)
      throw new DataError(
        'config',
        `no table ${absent.map((t) => `${writer.schema}.${t}`).join(', ')} on the server, so no privileges to grant on it`,
        'create the tables first, or check their physicalName',
      );
    return planFrom(writer.schema, desired, await readCurrent(client, writer.schema, names, tables));
  });
}

/** Runs the plan's statements in one transaction. */
export async function applyAccess(writer: PostgresWriter, plan: AccessPlan): Promise<void> {
  if (plan.statements.length === 0) return;
  await writer.transaction(false, async (client) => {
    for (const s of plan.statements) await client.query(s.sql);
  });
}

/** The statements an engine with roles would run from nothing, for engines without (a dry report). */
export function planFromNothing(schema: string, desired: DesiredRole[]): AccessPlan {
  return planFrom(schema, desired, { roles: new Set(), members: new Map(), grants: new Map(), usage: new Set() });
}
