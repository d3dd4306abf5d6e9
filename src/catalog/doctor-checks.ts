/**
 * What `dp catalog doctor` checks in one stored version, in two kinds:
 * - damage: the rows no longer say what was published (a digest that does not match the
 *   documents, port rows that are not the descriptor's, a row naming another product or
 *   version). dp never changes a published version, so this came from outside; it is for an
 *   operator to repair (exit 1);
 * - oddities: content as published that does not fit what dp expects of a version (a port
 *   list that is not a list, an entry that is not a mapping, a port without a name, an output
 *   port naming a contract the version does not hold...). Published versions are immutable,
 *   so this is reported as a warning with what is odd, not as damage.
 */
import { isRecord, str } from '../descriptor/model.js';
import { digestOf } from './canonical.js';
import { portsOf } from './record.js';
import type { PortRow, VersionRecord } from './store.js';

export interface VersionCheck {
  damage: string[];
  oddities: string[];
}

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
const portKey = (p: PortRow): string => JSON.stringify([p.direction, p.name, p.version, p.contractId, p.type]);

function damageOf(record: VersionRecord): string[] {
  const ref = `version ${record.productId}@${record.version}`;
  const out: string[] = [];
  const value = record.documents.descriptor.value;
  if (!isRecord(value)) return [`${ref}: its stored descriptor is ${describe(value)}, not a document`];
  if (value.id !== record.productId || value.version !== record.version) {
    out.push(`${ref}: its descriptor is ${String(value.id)}@${String(value.version)}, not the version its row names`);
  }
  const digest = digestOf(record.documents);
  if (digest !== record.digest) out.push(`${ref}: its documents do not match its digest (stored ${record.digest}, computed ${digest})`);
  const expected = portsOf(value).map(portKey).sort();
  const stored = record.ports.map(portKey).sort();
  if (JSON.stringify(expected) !== JSON.stringify(stored))
    out.push(
      `${ref}: ${stored.length} port rows, but its descriptor declares ${expected.length} ports${stored.length === expected.length ? ' with other values' : ''}`,
    );
  return out;
}

function portListOddities(value: Record<string, unknown>, list: string): string[] {
  const ports = value[list];
  if (ports === undefined) return [];
  if (!Array.isArray(ports)) return [`${list} is ${describe(ports)}, not a list: dp sees no ${list}`];
  const out: string[] = [];
  ports.forEach((port, i) => {
    if (!isRecord(port)) out.push(`${list}[${i}] is ${describe(port)}, not a mapping: dp ignores it`);
    else if (typeof port.name !== 'string') out.push(`${list}[${i}] has no name`);
  });
  return out;
}

function oddities(record: VersionRecord): string[] {
  const value = record.documents.descriptor.value;
  if (!isRecord(value)) return [];
  const out = ['inputPorts', 'outputPorts', 'managementPorts'].flatMap((list) => portListOddities(value, list));
  const contracts = record.documents.contracts.map((c) => c.value);
  const ids = contracts.map((c) => (isRecord(c) ? str(c.id) : undefined));
  contracts.forEach((c, i) => {
    if (!isRecord(c)) out.push(`${record.documents.contracts[i].file} is ${describe(c)}, not a document`);
    else if (ids[i] === undefined) out.push(`${record.documents.contracts[i].file} has no id`);
  });
  for (const port of record.ports.filter((p) => p.direction === 'output')) {
    if (port.contractId === null) out.push(`output port ${port.name} names no contract`);
    else if (!ids.includes(port.contractId)) out.push(`output port ${port.name} names contract ${port.contractId}, which the version does not hold`);
  }
  if (record.validation?.errors > 0) out.push(`it was published with ${record.validation.errors} validation errors`);
  return out;
}

export function checkVersion(record: VersionRecord): VersionCheck {
  const ref = `version ${record.productId}@${record.version}`;
  return { damage: damageOf(record), oddities: oddities(record).map((o) => `${ref}: ${o}`) };
}
