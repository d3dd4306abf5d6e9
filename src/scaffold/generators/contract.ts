/** contracts/<port>.odcs.yaml: the ODCS v3.1.0 contract of one output port. */
import type { FieldModel, OutputModel, ProductModel } from '../model.js';
import { samplePath } from '../sample-data.js';
import { slaElement } from '../sla.js';

type Rule = Record<string, unknown>;

function fieldQuality(f: FieldModel): Rule[] {
  const rules: Rule[] = [];
  if (f.key || f.required)
    rules.push({ metric: 'nullValues', mustBe: 0, dimension: 'completeness', severity: 'error', description: `${f.name} is always present` });
  if (f.key || f.unique)
    rules.push({ metric: 'duplicateValues', mustBe: 0, dimension: 'uniqueness', severity: 'error', description: `${f.name} identifies one record` });
  if (f.validValues) {
    rules.push({
      metric: 'invalidValues',
      arguments: { validValues: [...f.validValues] },
      mustBe: 0,
      dimension: 'conformity',
      severity: 'warning',
      description: `${f.name} takes only the documented values`,
    });
  }
  return rules;
}

function property(f: FieldModel): Record<string, unknown> {
  const quality = fieldQuality(f);
  return {
    name: f.name,
    logicalType: f.type,
    physicalType: f.physicalType,
    description: f.description,
    required: Boolean(f.key || f.required),
    ...(f.key ? { primaryKey: true, primaryKeyPosition: 1 } : {}),
    ...(f.key || f.unique ? { unique: true } : {}),
    ...(f.partitioned ? { partitioned: true, partitionKeyPosition: 1 } : {}),
    classification: f.classification,
    ...(f.examples ? { examples: [...f.examples] } : {}),
    ...(f.subject
      ? {
          customProperties: [
            { property: 'dataSubject', value: f.subject, description: `Identifies a ${f.subject}: erasure requests for one delete the rows holding it.` },
          ],
        }
      : {}),
    ...(quality.length > 0 ? { quality } : {}),
  };
}

export function contract(p: ProductModel, o: OutputModel): Record<string, unknown> {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: o.contractId,
    name: `${p.title}: ${o.name}`,
    version: o.version,
    status: p.status,
    domain: p.domain,
    dataProduct: p.id,
    tags: [p.domain, ...(p.archetype ? [p.archetype] : []), o.kind],
    description: {
      purpose: o.description,
      usage: `Request the ${o.readerRole} role, then read ${o.address}. Example queries: ports/output/${o.name}/.`,
      limitations: p.description.limitations,
    },
    schema: [
      {
        name: o.object.name,
        physicalName: o.object.physicalName,
        physicalType: o.object.physicalType,
        logicalType: 'object',
        description: `${p.title}, ${p.grain}.`,
        dataGranularityDescription: p.grain,
        properties: o.fields.map(property),
        quality: [{ metric: 'rowCount', mustBeGreaterThan: 0, dimension: 'completeness', severity: 'error', description: 'every refresh delivers data' }],
      },
    ],
    servers: [
      { server: `${o.kind}-prod`, environment: 'prod', ...o.server },
      // Relative to this file; `dp test` picks this development server when none is named.
      {
        server: 'local',
        type: 'local',
        environment: 'dev',
        description: 'Sample rows written by dp init for development: `dp test` tests the contract against them.',
        path: `../${samplePath(o.name)}`,
        format: 'csv',
      },
    ],
    roles: [
      { role: o.readerRole, access: 'read', description: `Read ${o.name}; granted by the owning team on request.`, firstLevelApprovers: p.owner },
      { role: o.writerRole, access: 'write', description: 'The product pipeline only.', firstLevelApprovers: p.owner },
    ],
    slaProperties: o.sla.map((s) => {
      const element = slaElement(s.property, o.object.name, o.fields);
      return { property: s.property, value: s.value, unit: s.unit, ...(element ? { element } : {}), description: s.text };
    }),
    support: [{ channel: p.support.channel, url: p.support.url, tool: p.support.tool }],
    team: { name: p.team, members: [{ username: p.owner, role: 'owner' }] },
  };
}
