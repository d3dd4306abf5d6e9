/**
 * The product as generators and templates see it: every name, id, location,
 * field and guarantee derived once from the answers, so the descriptor, the
 * contracts, the docs and the stubs cannot disagree with each other.
 */
import { PERSONAL_NAME } from '../descriptor/derived/fields.js';
import { DpError } from '../errors.js';
import type { PortSpec } from './port-spec.js';
import { locate, OBJECT_TYPE, ODPS_PORT_TYPE, physicalType, type Warehouse } from './targets.js';
import type { Answers, Dataset, DatasetField, InputKind, OutputKind, Pack } from './types.js';
import { inputModel, type InputModel } from './model-inputs.js';
import { slaFor, type Sla } from './sla.js';
import { sampleRows, type SampleRows } from './sample-data.js';

export interface FieldModel extends DatasetField {
  physicalType: string;
  personal: boolean;
}

export interface OutputModel {
  name: string;
  kind: OutputKind;
  snake: string;
  version: string;
  contractId: string;
  contractFile: string;
  odpsType: string;
  description: string;
  object: { name: string; physicalName: string; physicalType: string };
  address: string;
  server: Record<string, unknown>;
  fields: FieldModel[];
  key?: FieldModel;
  /** The key field's name (the first field when the dataset declares no key). */
  keyName: string;
  personalFields: FieldModel[];
  /** Names only, for code templates (`{{json port.personalFieldNames}}`). */
  personalFieldNames: string[];
  requiredFieldNames: string[];
  sla: Sla[];
  /** Rows that keep the port's contract, for its local development server (data/sample/<port>.csv). */
  sample: SampleRows;
  /** The guarantees in words: "kept 365 days, refreshed daily...". */
  guarantees: string;
  readerRole: string;
  writerRole: string;
}

export interface ProductModel {
  id: string;
  title: string;
  version: string;
  status: string;
  domain: string;
  team: string;
  owner: string;
  archetype?: string;
  template: { id: string; version: string };
  description: { purpose: string; usage: string; limitations: string };
  tags: string[];
  support: { channel: string; url: string; tool: string };
  urls: { discovery: string; observation: string; control: string };
  controlTopic: string;
  retentionDays: number;
  grain: string;
  outputs: OutputModel[];
  inputs: InputModel[];
  /** The view the transformation reads each input through: input_<port>. */
  inputViews: string[];
  upstreamContracts: Array<{ id: string; version: string }>;
  inputContractIds: string[];
  outputContractIds: string[];
  hasPersonalData: boolean;
  dpVersion: string;
  date: string;
  /** The instant of generation (ISO 8601): sample data is dated just before it. */
  generatedAt: string;
}

export interface ModelOptions {
  dpVersion: string;
  /** ISO date of generation (CHANGELOG); injected so rendering stays pure. */
  date: string;
  /** ISO instant of generation, for sample data; the date's midnight (UTC) when not given. */
  now?: string;
}

const snake = (s: string): string => s.replace(/-/g, '_');

function need(answers: Answers, key: string, packId: string): string {
  const value = answers[key];
  if (typeof value !== 'string' || value === '') {
    throw new DpError('config', `template pack ${packId}: dp's generators need the answer \`${key}\``, {
      hint: 'a pack with its own questions must keep the standard ones (name, domain, owner, outputs...)',
    });
  }
  return value;
}

function fieldsFor(kind: OutputKind, warehouse: Warehouse, dataset: Dataset): FieldModel[] {
  // Every flag is defined, so that strict templates can test it.
  return dataset.fields.map((f) => ({
    ...f,
    key: Boolean(f.key),
    required: Boolean(f.key || f.required),
    unique: Boolean(f.unique),
    partitioned: Boolean(f.partitioned),
    physicalType: physicalType(kind, warehouse, f.type),
    personal: PERSONAL_NAME.test(f.name),
  }));
}

const KIND_TEXT: Record<OutputKind, string> = {
  table: 'a table in the warehouse for SQL analysts',
  files: 'Parquet files in object storage for ML and batch jobs',
  stream: 'an event topic for real-time consumers',
  api: 'a REST API for applications',
};

function outputModel(
  spec: PortSpec,
  p: {
    id: string;
    domain: string;
    version: string;
    warehouse: Warehouse;
    platformUrl: string;
    retentionDays: number;
    dataset: Dataset;
    title: string;
    generatedAt: string;
  },
): OutputModel {
  const kind = spec.kind as OutputKind;
  const major = Number(p.version.split('.')[0]);
  const where = locate({ kind, warehouse: p.warehouse, productId: p.id, domain: p.domain, port: spec.name, majorVersion: major, platformUrl: p.platformUrl });
  const fields = fieldsFor(kind, p.warehouse, p.dataset);
  const personalFields = fields.filter((f) => f.personal || f.classification === 'restricted');
  const sla = slaFor(kind, p.retentionDays);
  const objectName = snake(spec.name);
  return {
    name: spec.name,
    kind,
    snake: objectName,
    version: p.version,
    contractId: `${p.id}.${spec.name}`,
    contractFile: `contracts/${spec.name}.odcs.yaml`,
    odpsType: ODPS_PORT_TYPE[kind],
    description: `${p.title}: ${spec.name}, published as ${KIND_TEXT[kind]}.`,
    object: { name: objectName, physicalName: kind === 'table' ? where.address.split('.').pop()! : objectName, physicalType: OBJECT_TYPE[kind] },
    address: where.address,
    server: where.server,
    fields,
    key: fields.find((f) => f.key),
    keyName: (fields.find((f) => f.key) ?? fields[0]).name,
    personalFields,
    personalFieldNames: personalFields.map((f) => f.name),
    requiredFieldNames: fields.filter((f) => f.key || f.required).map((f) => f.name),
    sla,
    sample: sampleRows(fields, p.generatedAt),
    guarantees: sla.map((s) => s.text).join(', '),
    readerRole: `${p.id}-${spec.name}-reader`,
    writerRole: `${p.id}-writer`,
  };
}

/** What the model derives from its ports, for templates: the views, the contract ids, whether personal data is shared. */
export function portLists(
  outputs: OutputModel[],
  inputs: InputModel[],
): Pick<ProductModel, 'outputs' | 'inputs' | 'inputViews' | 'inputContractIds' | 'outputContractIds' | 'upstreamContracts' | 'hasPersonalData'> {
  return {
    outputs,
    inputs,
    inputViews: inputs.length > 0 ? inputs.map((i) => `input_${i.snake}`) : ['input_source'],
    inputContractIds: inputs.map((i) => i.contractId),
    outputContractIds: outputs.map((o) => o.contractId),
    upstreamContracts: inputs.filter((i) => i.kind === 'product').map((i) => ({ id: i.contractId, version: i.version })),
    hasPersonalData: outputs.some((o) => o.personalFields.length > 0),
  };
}

export function buildModel(pack: Pack, answers: Answers, options: ModelOptions): ProductModel {
  const id = need(answers, 'name', pack.id);
  const domain = need(answers, 'domain', pack.id);
  const owner = need(answers, 'owner', pack.id);
  const title = (answers.title as string | undefined) ?? id;
  const version = (answers.version as string | undefined) ?? '0.1.0';
  const platformUrl = ((answers.platformUrl as string | undefined) ?? 'https://data.example.com').replace(/\/+$/, '');
  const retentionDays = (answers.retentionDays as number | undefined) ?? 365;
  const dataset = pack.dataset ?? {
    fields: [{ name: 'id', type: 'string', description: 'Identifier of the record.', classification: 'internal', key: true, required: true }],
  };
  const generatedAt = options.now ?? `${options.date}T00:00:00Z`;
  const base = {
    id,
    domain,
    version,
    title,
    platformUrl,
    retentionDays,
    dataset,
    generatedAt,
    warehouse: (answers.warehouse as Warehouse | undefined) ?? 'snowflake',
  };
  const outputs = ((answers.outputs as PortSpec[] | undefined) ?? []).map((spec) => outputModel(spec, base));
  if (outputs.length === 0) throw new DpError('config', `template pack ${pack.id}: dp's generators need at least one output port`);
  const inputs = ((answers.inputs as PortSpec[] | undefined) ?? []).map((spec) => inputModel(spec, { id, domain, version }));
  const purpose = (answers.description as string | undefined) ?? `${title}: data of the ${domain} domain.`;
  return {
    id,
    title,
    version,
    status: (answers.status as string | undefined) ?? 'draft',
    domain,
    team: (answers.team as string | undefined) ?? `${domain}-team`,
    owner,
    archetype: pack.archetype,
    template: { id: pack.id, version: pack.version },
    description: {
      purpose,
      usage: `Read an output port through its contract (contracts/<port>.odcs.yaml) and request access with its reader role. Example queries are in ports/output/<port>/.`,
      limitations:
        `Status ${(answers.status as string | undefined) ?? 'draft'}: the schema may still change before version 1.0.0. ${dataset.grain ? `Grain: ${dataset.grain}.` : ''}`.trim(),
    },
    tags: [...new Set([domain, ...(pack.archetype ? [pack.archetype] : []), ...outputs.map((o) => o.kind)])],
    support: {
      channel: (answers.supportChannel as string | undefined) ?? `#${id}`,
      url: (answers.supportUrl as string | undefined) ?? `https://chat.example.com/channels/${id}`,
      tool: (answers.supportTool as string | undefined) ?? 'slack',
    },
    urls: {
      discovery: `${platformUrl}/catalog/products/${id}`,
      observation: `${platformUrl}/observability/products/${id}`,
      control: `${platformUrl}/control/products/${id}`,
    },
    controlTopic: `${domain}.${id}.control`,
    retentionDays,
    grain: dataset.grain ?? 'one row per record',
    ...portLists(outputs, inputs),
    dpVersion: options.dpVersion,
    date: options.date,
    generatedAt,
  };
}

export type { InputModel, InputKind };
