/**
 * The facts of a product that its derived files show (ports/control/policies.yaml,
 * ports/observation/*.yaml, the discovery README): read from the descriptor and the contracts as
 * they are now, so that a derived file follows the documents the team edits, never the answers
 * the product was first generated from. Plain data, in a stable order: `dp sync` writes derived
 * files from it, and `dp validate` compares what a derived file says with it.
 */
import { isRecord, records, str, type CustomProperty, type DataProduct, type InputPort, type OutputPort, type Role, type SchemaObject } from '../model.js';
import { fieldFacts, qualityFacts, type FieldFacts, type QualityFacts } from './fields.js';
import { slaFacts, retentionDaysOf, type SlaFacts } from './sla-words.js';

export interface RoleFacts {
  role: string;
  access: string;
  approver?: string;
}

export interface OutputFacts {
  name: string;
  version: string;
  kind?: string;
  description?: string;
  contractId?: string;
  /** The contract's file, relative to the product (when one was found for the port). */
  contractFile?: string;
  location?: string;
  object?: { name: string; physicalName?: string; physicalType?: string; description?: string };
  retentionDays?: number;
  sla: SlaFacts[];
  roles: RoleFacts[];
  fields: FieldFacts[];
  quality: QualityFacts[];
}

export interface InputFacts {
  name: string;
  version: string;
  contractId: string;
  kind?: string;
  source?: string;
}

export interface ProductFacts {
  id: string;
  name: string;
  version: string;
  status: string;
  domain: string;
  description: { purpose: string; usage: string; limitations: string };
  team: string;
  owner: string;
  support?: { channel: string; url: string; tool: string };
  urls: { discovery?: string; observation?: string };
  controlChannel?: string;
  outputs: OutputFacts[];
  inputs: InputFacts[];
}

/** A contract as the facts need it: its file (relative to the product) and its value. */
export interface ContractDocument {
  file: string;
  value: Record<string, unknown>;
}

export function customProperty(list: unknown, name: string): unknown {
  return records<CustomProperty>(list).find(([c]) => c.property === name)?.[0].value;
}

function roleFacts(contract: Record<string, unknown> | undefined): RoleFacts[] {
  return records<Role>(contract?.roles).map(([r]) => ({
    role: String(r.role ?? ''),
    access: String(r.access ?? ''),
    ...(str(r.firstLevelApprovers) ? { approver: r.firstLevelApprovers } : {}),
  }));
}

function objectFacts(object: SchemaObject | undefined): OutputFacts['object'] {
  if (!object) return undefined;
  const out: NonNullable<OutputFacts['object']> = { name: String(object.name ?? '') };
  if (str(object.physicalName)) out.physicalName = object.physicalName;
  if (str(object.physicalType)) out.physicalType = object.physicalType;
  if (str(object.description)) out.description = object.description;
  return out;
}

function outputFacts(port: OutputPort, byId: Map<string, ContractDocument>): OutputFacts {
  const found = str(port.contractId) ? byId.get(port.contractId!) : undefined;
  const contract = found?.value;
  const objects = records<SchemaObject>(contract?.schema).map(([o]) => o);
  const facts: OutputFacts = {
    name: String(port.name ?? ''),
    version: String(port.version ?? ''),
    sla: slaFacts(contract),
    roles: roleFacts(contract),
    fields: fieldFacts(objects),
    quality: qualityFacts(String(port.name ?? ''), objects),
  };
  const kind = customProperty(port.customProperties, 'kind');
  if (typeof kind === 'string') facts.kind = kind;
  if (str(port.description)) facts.description = port.description;
  if (str(port.contractId)) facts.contractId = port.contractId;
  if (found) facts.contractFile = found.file;
  const location = customProperty(port.customProperties, 'location');
  if (typeof location === 'string') facts.location = location;
  const object = objectFacts(objects[0]);
  if (object) facts.object = object;
  const retention = retentionDaysOf(contract);
  if (retention !== undefined) facts.retentionDays = retention;
  return facts;
}

function inputFacts(port: InputPort): InputFacts {
  const facts: InputFacts = { name: String(port.name ?? ''), version: String(port.version ?? ''), contractId: String(port.contractId ?? '') };
  const kind = customProperty(port.customProperties, 'kind');
  if (typeof kind === 'string') facts.kind = kind;
  const source = customProperty(port.customProperties, 'source');
  if (typeof source === 'string') facts.source = source;
  return facts;
}

function management(d: DataProduct, content: string): Record<string, unknown> | undefined {
  return records<Record<string, unknown>>(d.managementPorts).find(([p]) => p.content === content)?.[0];
}

function urlsOf(d: DataProduct): ProductFacts['urls'] {
  const urls: ProductFacts['urls'] = {};
  const discovery = str(management(d, 'discoverability')?.url);
  const observation = str(management(d, 'observability')?.url);
  if (discovery) urls.discovery = discovery;
  if (observation) urls.observation = observation;
  return urls;
}

function ownerOf(d: DataProduct): string {
  const members = records<{ username?: string; role?: string }>(d.team?.members).map(([m]) => m);
  return String((members.find((m) => m.role === 'owner') ?? members[0])?.username ?? '');
}

/** The facts of a product from its descriptor and the contracts of its tree. */
export function factsOf(descriptor: Record<string, unknown>, contracts: ContractDocument[]): ProductFacts {
  const d = descriptor as unknown as DataProduct;
  const byId = new Map<string, ContractDocument>();
  for (const c of contracts) if (typeof c.value.id === 'string' && !byId.has(c.value.id)) byId.set(c.value.id, c);
  const support = records<{ channel?: string; url?: string; tool?: string }>(d.support)[0]?.[0];
  const description = isRecord(d.description) ? d.description : {};
  const control = management(d, 'control');
  return {
    id: String(d.id ?? ''),
    name: String(d.name ?? d.id ?? ''),
    version: String(d.version ?? ''),
    status: String(d.status ?? ''),
    domain: String(d.domain ?? ''),
    description: { purpose: String(description.purpose ?? ''), usage: String(description.usage ?? ''), limitations: String(description.limitations ?? '') },
    team: String(d.team?.name ?? ''),
    owner: ownerOf(d),
    ...(support ? { support: { channel: String(support.channel ?? ''), url: String(support.url ?? ''), tool: String(support.tool ?? '') } } : {}),
    urls: urlsOf(d),
    ...((str(control?.channel) ?? str(control?.url)) ? { controlChannel: str(control?.channel) ?? str(control?.url) } : {}),
    outputs: records<OutputPort>(d.outputPorts).map(([p]) => outputFacts(p, byId)),
    inputs: records<InputPort>(d.inputPorts).map(([p]) => inputFacts(p)),
  };
}
