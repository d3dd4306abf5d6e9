/** An output port of a published product as the control plane reads it: its contract, roles and whether its data is restricted. */
import type { CatalogStore, VersionRecord } from '../catalog/store.js';
import { contractFields } from '../descriptor/contract-fields.js';
import { records, str } from '../descriptor/model.js';
import { invalid, missing } from './actor.js';

export interface ContractRole {
  role: string;
  access: string;
  firstLevelApprovers?: string;
  /** The teams whose second approval a grant needs, when the contract names any. */
  secondLevelApprovers: string[];
}

export interface PortView {
  record: VersionRecord;
  productId: string;
  port: string;
  contractId: string;
  contract: Record<string, unknown>;
  roles: ContractRole[];
  /** Fields of the contract classified as restricted data (by the policy's classifications). */
  restrictedFields: string[];
}

/** A comma-separated list of approvers as the teams it names (`data-governance, security`). */
export function approverTeams(value: unknown): string[] {
  return (str(value) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function contractRoles(contract: Record<string, unknown>): ContractRole[] {
  return records<Record<string, unknown>>(contract.roles)
    .map(([r]) => r)
    .filter((r) => typeof r.role === 'string' && r.role !== '')
    .map((r) => ({
      role: String(r.role),
      access: str(r.access) ?? 'read',
      firstLevelApprovers: str(r.firstLevelApprovers),
      secondLevelApprovers: approverTeams(r.secondLevelApprovers),
    }));
}

export function restrictedFields(contract: Record<string, unknown>, classifications: string[]): string[] {
  const restricted = new Set(classifications);
  return contractFields(contract)
    .filter(({ field }) => restricted.has((str(field.classification) ?? '').toLowerCase()))
    .map((f) => f.qualifiedName);
}

/** The contract of an output port of a version, or undefined when the port has none. */
export function portContract(record: VersionRecord, port: string): { contractId: string; contract: Record<string, unknown> } | undefined {
  const row = record.ports.find((p) => p.direction === 'output' && p.name === port);
  const contract = row?.contractId ? record.documents.contracts.find((c) => c.value.id === row.contractId) : undefined;
  return row?.contractId && contract ? { contractId: row.contractId, contract: contract.value } : undefined;
}

/** The latest version's output port, or a clear error naming what exists. */
export async function readPort(store: CatalogStore, productId: string, port: string, classifications: string[]): Promise<PortView> {
  const record = await store.getVersion(productId);
  if (!record) throw missing(`no product ${productId} in the catalog`, 'see `dp catalog list`, or publish it first');
  const outputs = record.ports.filter((p) => p.direction === 'output').map((p) => p.name);
  if (!outputs.includes(port)) throw invalid(`${productId} has no output port "${port}"`, `its output ports: ${outputs.join(', ') || 'none'}`);
  const found = portContract(record, port);
  if (!found)
    throw invalid(
      `output port ${productId}:${port} has no contract in the catalog, so no roles to request`,
      'publish the port with a contract declaring `roles`',
    );
  return { record, productId, port, ...found, roles: contractRoles(found.contract), restrictedFields: restrictedFields(found.contract, classifications) };
}
