/**
 * The product model of derived files: the model from the answers, with everything the
 * descriptor and contracts say put in its place (their facts). A derived file rendered from it
 * follows the documents the team edits: a retention changed in a contract shows in the
 * discovery README after `dp sync`, never the answers the product was first generated from.
 */
import type { OutputFacts, ProductFacts } from '../descriptor/derived/facts.js';
import type { FieldFacts } from '../descriptor/derived/fields.js';
import { subjectFields } from '../descriptor/derived/fields.js';
import { describeInput } from './model-inputs.js';
import { portLists, type FieldModel, type InputModel, type OutputModel, type ProductModel } from './model.js';
import { sampleRows } from './sample-data.js';
import { ODPS_PORT_TYPE } from './targets.js';
import { LOGICAL_TYPES, OUTPUT_KINDS, type LogicalType, type OutputKind } from './types.js';

const snake = (s: string): string => s.replace(/-/g, '_');

function fieldModel(f: FieldFacts): FieldModel {
  const field: FieldModel = {
    name: f.name,
    type: ((LOGICAL_TYPES as readonly string[]).includes(f.type) ? f.type : 'string') as LogicalType,
    description: f.description ?? '',
    classification: f.classification ?? '',
    key: f.key,
    required: f.required,
    unique: f.unique,
    partitioned: f.partitioned,
    physicalType: f.physicalType ?? f.type,
    personal: f.personal,
  };
  if (f.examples) field.examples = f.examples as FieldModel['examples'];
  if (f.validValues) field.validValues = f.validValues.map(String);
  return field;
}

function kindOf(o: OutputFacts, before: OutputModel | undefined): OutputKind {
  if (o.kind && (OUTPUT_KINDS as readonly string[]).includes(o.kind)) return o.kind as OutputKind;
  return before?.kind ?? 'table';
}

function outputModel(o: OutputFacts, before: OutputModel | undefined, p: ProductModel): OutputModel {
  const kind = kindOf(o, before);
  const fields = o.fields.map(fieldModel);
  const personalFields = subjectFields(o.fields).map((f) => fields.find((m) => m.name === f.name)!);
  const sla = o.sla.map((s) => ({ property: s.property, value: s.value as number, unit: s.unit ?? '', text: s.meaning }));
  const key = fields.find((f) => f.key);
  return {
    name: o.name,
    kind,
    snake: snake(o.name),
    version: o.version,
    contractId: o.contractId ?? before?.contractId ?? '',
    contractFile: o.contractFile ?? before?.contractFile ?? `contracts/${o.name}.odcs.yaml`,
    odpsType: before?.odpsType ?? ODPS_PORT_TYPE[kind],
    description: o.description ?? before?.description ?? '',
    object: {
      name: o.object?.name ?? before?.object.name ?? snake(o.name),
      physicalName: o.object?.physicalName ?? before?.object.physicalName ?? snake(o.name),
      physicalType: o.object?.physicalType ?? before?.object.physicalType ?? '',
    },
    address: o.location ?? before?.address ?? '',
    server: before?.server ?? {},
    fields,
    key,
    keyName: (key ?? fields[0])?.name ?? before?.keyName ?? '',
    personalFields,
    personalFieldNames: personalFields.map((f) => f.name),
    requiredFieldNames: fields.filter((f) => f.key || f.required).map((f) => f.name),
    sla,
    // Not derived: the sample rows stay those of the answers (a derived file does not list them).
    sample: before?.sample ?? sampleRows(fields, p.generatedAt),
    guarantees: sla.map((s) => s.text).join(', '),
    readerRole: o.roles.find((r) => r.access === 'read')?.role ?? before?.readerRole ?? `${p.id}-${o.name}-reader`,
    writerRole: o.roles.find((r) => r.access === 'write')?.role ?? before?.writerRole ?? `${p.id}-writer`,
  };
}

function inputModel(i: ProductFacts['inputs'][number], before: InputModel | undefined): InputModel {
  const kind = (i.kind ?? before?.kind ?? 'product') as InputModel['kind'];
  const ref = i.source ?? (kind === 'product' ? `${i.contractId}@${i.version}` : (before?.ref ?? ''));
  const upstream = kind === 'product';
  return {
    name: i.name,
    kind,
    snake: snake(i.name),
    ref,
    contractId: i.contractId,
    version: i.version,
    upstream,
    source: describeInput(kind, upstream ? i.contractId : ref, i.version),
    binding: before?.binding ?? {},
    todo: before?.todo ?? [],
  };
}

/** The longest retention of the output ports, in days (the product keeps data no longer). */
function retentionOf(facts: ProductFacts, fallback: number): number {
  const days = facts.outputs.map((o) => o.retentionDays).filter((d): d is number => d !== undefined);
  return days.length > 0 ? Math.max(...days) : fallback;
}

export function modelFromFacts(facts: ProductFacts, p: ProductModel): ProductModel {
  const outputs = facts.outputs.map((o) =>
    outputModel(
      o,
      p.outputs.find((b) => b.name === o.name),
      p,
    ),
  );
  const inputs = facts.inputs.map((i) =>
    inputModel(
      i,
      p.inputs.find((b) => b.name === i.name),
    ),
  );
  return {
    ...p,
    id: facts.id || p.id,
    title: facts.name || p.title,
    version: facts.version || p.version,
    status: facts.status || p.status,
    domain: facts.domain || p.domain,
    team: facts.team || p.team,
    owner: facts.owner || p.owner,
    description: { ...facts.description },
    support: facts.support ? { ...facts.support } : p.support,
    urls: { discovery: facts.urls.discovery ?? '', observation: facts.urls.observation ?? '', control: p.urls.control },
    controlTopic: facts.controlChannel ?? p.controlTopic,
    retentionDays: retentionOf(facts, p.retentionDays),
    ...portLists(outputs, inputs),
  };
}
