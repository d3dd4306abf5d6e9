/** dataproduct.odps.yaml: the ODPS v1.0.0 descriptor. dp's own metadata goes in customProperties (ODPS allows no other top-level keys). */
import type { InputModel, OutputModel, ProductModel } from '../model.js';

function inputPort(i: InputModel): Record<string, unknown> {
  return {
    name: i.name,
    version: i.version,
    contractId: i.contractId,
    tags: [i.kind],
    customProperties: [
      { property: 'kind', value: i.kind },
      { property: 'source', value: i.ref },
    ],
  };
}

function outputPort(o: OutputModel, p: ProductModel): Record<string, unknown> {
  return {
    name: o.name,
    description: o.description,
    type: o.odpsType,
    version: o.version,
    contractId: o.contractId,
    ...(p.upstreamContracts.length > 0 ? { inputContracts: p.upstreamContracts.map((c) => ({ ...c })) } : {}),
    tags: [o.kind],
    customProperties: [
      { property: 'kind', value: o.kind },
      { property: 'location', value: o.address },
    ],
  };
}

function managementPorts(p: ProductModel): Record<string, unknown>[] {
  return [
    {
      name: 'discovery',
      content: 'discoverability',
      type: 'rest',
      url: p.urls.discovery,
      description: 'Metadata and documentation for consumers: purpose, schemas, owners, example queries (ports/discovery/).',
    },
    {
      name: 'observation',
      content: 'observability',
      type: 'rest',
      url: p.urls.observation,
      description: 'Quality check results, SLO results, freshness and lineage (ports/observation/).',
    },
    {
      name: 'control',
      content: 'control',
      type: 'topic',
      channel: p.controlTopic,
      description: 'Where the platform pushes policy changes and erasure requests (ports/control/).',
    },
  ];
}

export function descriptor(p: ProductModel): Record<string, unknown> {
  return {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id: p.id,
    name: p.title,
    version: p.version,
    status: p.status,
    domain: p.domain,
    description: { ...p.description },
    tags: [...p.tags],
    team: { name: p.team, members: [{ username: p.owner, role: 'owner' }] },
    support: [{ channel: p.support.channel, url: p.support.url, tool: p.support.tool, scope: 'interactive' }],
    ...(p.inputs.length > 0 ? { inputPorts: p.inputs.map(inputPort) } : {}),
    outputPorts: p.outputs.map((o) => outputPort(o, p)),
    managementPorts: managementPorts(p),
    customProperties: [
      {
        property: 'dpTemplate',
        value: `${p.template.id}@${p.template.version}`,
        description: 'Template pack dp init generated the product from (.dp/answers.yaml).',
      },
      ...(p.archetype ? [{ property: 'archetype', value: p.archetype }] : []),
      { property: 'retentionDays', value: p.retentionDays, description: 'Retention of every output port (see the contracts and ports/control/policies.yaml).' },
    ],
  };
}
