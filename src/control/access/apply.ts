/**
 * `dp access apply --server <name>`: the catalog's grants on a product's ports
 * made real on the engine. For each contract of the product with a server of
 * that name, each of its roles is a group role on the server with the
 * privileges of its access on the contract's tables; a team holding a live
 * grant of the role is a member of it, a team whose grant ended (revoked,
 * expired) is not any more. Members dp never granted are left alone, and listed.
 *
 * PostgreSQL applies the plan in one transaction. Engines without roles
 * (DuckDB, files) get the plan dp would run on PostgreSQL, reported, not run.
 */
import { schemaObjects } from '../../descriptor/contract-fields.js';
import type { Server } from '../../descriptor/model.js';
import { str } from '../../descriptor/model.js';
import type { SourceFile } from '../../descriptor/source.js';
import { PostgresWriter } from '../../data/write/postgres.js';
import { applyAccess, planAccess, planFromNothing, PRIVILEGES, type AccessPlan, type DesiredRole } from '../../data/write/postgres-access.js';
import { serverOf, type LocalProduct } from '../local-product.js';
import type { Writers } from '../engine/writers.js';
import { contractRoles } from '../port.js';
import { isLive, type AccessRequest } from './state.js';

export interface ContractAccess {
  contract: SourceFile;
  contractId: string;
  server: Server;
  roles: DesiredRole[];
  /** The live grants the roles' members stand for. */
  grants: AccessRequest[];
  /** Roles whose access dp does not map to privileges (neither read nor write). */
  unmapped: string[];
  /** Whether the engine has roles dp manages (PostgreSQL). */
  enforced: boolean;
  plan?: AccessPlan;
}

const ENFORCED = new Set(['postgres', 'postgresql']);

function desiredRoles(
  contract: SourceFile,
  contractId: string,
  requests: AccessRequest[],
): { roles: DesiredRole[]; grants: AccessRequest[]; unmapped: string[] } {
  const tables = schemaObjects(contract.value)
    .map(({ object }) => str(object.physicalName) ?? str(object.name) ?? '')
    .filter((t) => t !== '');
  const ofContract = requests.filter((r) => r.contractId === contractId);
  const roles: DesiredRole[] = [];
  const unmapped: string[] = [];
  for (const role of contractRoles(contract.value ?? {})) {
    const privileges = PRIVILEGES[role.access.toLowerCase()];
    if (!privileges) {
      unmapped.push(`${role.role} (access ${role.access})`);
      continue;
    }
    const requestsOfRole = ofContract.filter((r) => r.role === role.role);
    const members = [...new Set(requestsOfRole.filter(isLive).map((r) => r.team))].sort();
    const everGranted = new Set(requestsOfRole.filter((r) => r.approvedBy.length >= r.levels).map((r) => r.team));
    roles.push({ role: role.role, privileges, tables, members, formerMembers: [...everGranted].filter((t) => !members.includes(t)).sort() });
  }
  return { roles, grants: ofContract.filter((r) => isLive(r) && roles.some((x) => x.role === r.role)), unmapped };
}

export function accessTargets(product: LocalProduct, serverName: string, requests: AccessRequest[]): ContractAccess[] {
  const out: ContractAccess[] = [];
  for (const [contractId, contract] of product.contracts) {
    const server = serverOf(contract, serverName);
    if (!server) continue;
    const enforced = ENFORCED.has(String(server.type).toLowerCase());
    out.push({ contract, contractId, server, enforced, ...desiredRoles(contract, contractId, requests) });
  }
  return out;
}

/** Reads the engine and plans what would change (PostgreSQL), or what would run from nothing (other engines). */
export async function planContractAccess(target: ContractAccess, writers: Writers): Promise<AccessPlan> {
  if (!target.enforced) return planFromNothing(String(target.server.schema ?? 'public'), target.roles);
  const writer = (await writers.of(target.contract, target.server)) as PostgresWriter;
  return planAccess(writer, target.roles);
}

export async function applyContractAccess(target: ContractAccess, writers: Writers): Promise<void> {
  if (!target.enforced || !target.plan) return;
  await applyAccess((await writers.of(target.contract, target.server)) as PostgresWriter, target.plan);
}

/** What the catalog records of a run: the statements and, once applied, which grants the engine holds. */
export function accessRecord(targets: ContractAccess[], applied: boolean): Record<string, unknown> {
  return {
    contracts: targets.map((t) => ({
      contractId: t.contractId,
      serverType: String(t.server.type),
      enforced: t.enforced,
      statements: t.plan?.statements.map((s) => s.sql) ?? [],
      unmanaged: t.plan?.unmanaged ?? [],
      unmapped: t.unmapped,
    })),
    members: applied ? targets.filter((t) => t.enforced).flatMap((t) => t.grants.map((g) => ({ grant: g.id, port: g.port, team: g.team, role: g.role }))) : [],
  };
}
