// Synthetic mesh generator for benchmarks and scale tests: N products, each a
// descriptor plus two output contracts of about a dozen fields. Products
// consume an output port of an earlier product, so the mesh has edges.
// Usage: node bench/mesh.mjs <dir> <count>
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const DOMAINS = ['player', 'listener', 'playlist', 'artist', 'payments', 'partners', 'catalogue', 'ads'];
const TYPES = [
  ['string', 'varchar(64)'],
  ['integer', 'bigint'],
  ['number', 'double'],
  ['timestamp', 'timestamp'],
  ['boolean', 'boolean'],
  ['date', 'date'],
];

function field(i, j) {
  const [logicalType, physicalType] = TYPES[(i + j) % TYPES.length];
  const name = j === 0 ? 'event_id' : j === 1 ? 'user_email' : `metric_${j}`;
  const lines = [
    `      - name: ${name}`,
    `        logicalType: ${j === 0 ? 'string' : j === 1 ? 'string' : logicalType}`,
    `        physicalType: ${j <= 1 ? 'varchar(64)' : physicalType}`,
    `        description: Field ${j} of the synthetic product ${i}.`,
    `        required: ${j < 3}`,
  ];
  if (j === 0) lines.push('        primaryKey: true', '        unique: true');
  if (j === 1) lines.push('        classification: restricted');
  if (j === 0) lines.push('        quality:', '          - metric: nullValues', '            mustBe: 0', '            dimension: completeness');
  return lines.join('\n');
}

export function contract(i, port) {
  const id = `p${i}-${port}`;
  const fields = Array.from({ length: 12 }, (_, j) => field(i, j)).join('\n');
  return `apiVersion: v3.1.0
kind: DataContract
id: ${id}
name: ${port} of product ${i}
version: 1.0.0
status: active
domain: ${DOMAINS[i % DOMAINS.length]}
description:
  purpose: Synthetic contract ${port} for benchmarks.
  usage: Read it.
  limitations: None.
schema:
  - name: ${port.replace(/-/g, '_')}
    physicalName: ${port.replace(/-/g, '_')}
    physicalType: table
    logicalType: object
    description: Synthetic table.
    quality:
      - metric: rowCount
        mustBeGreaterThan: 0
        dimension: completeness
    properties:
${fields}
servers:
  - server: warehouse
    type: snowflake
    environment: prod
    account: acme
    database: MESH
    schema: P${i}
roles:
  - role: product_${i}_reader
    access: read
slaProperties:
  - property: retention
    value: 1
    unit: y
  - property: frequency
    value: 1
    unit: d
  - property: latency
    value: 4
    unit: h
team:
  name: team-${i % 50}
  members:
    - username: owner${i}@example.com
      role: owner
`;
}

/** The synthetic contract with its `user_email` a subject key of kind `customer` in one product of `every` (docs/control.md). */
export function subjectContract(i, port, every) {
  const text = contract(i, port);
  if (i % every !== 0) return text;
  return text.replace(
    '        classification: restricted\n',
    '        classification: restricted\n        customProperties:\n          - property: dataSubject\n            value: customer\n',
  );
}

export function descriptor(i) {
  const domain = DOMAINS[i % DOMAINS.length];
  // Each product consumes one earlier product, spread over the mesh (not all the first one).
  const upstream = i > 0 ? (Math.imul(i ^ 0x5bd1e995, 0x27d4eb2d) >>> 0) % i : undefined;
  const inputs =
    upstream === undefined
      ? `  - name: source-db
    version: 1.0.0
    contractId: ${domain}-operational-db
    tags:
      - cdc`
      : `  - name: upstream-${upstream}
    version: 1.0.0
    contractId: p${upstream}-events`;
  return `# yaml-language-server: $schema=https://dp-cli.dev/schemas/odps-v1.0.0.schema.json
apiVersion: v1.0.0
kind: DataProduct
id: product-${i}
name: Product ${i}
version: 1.0.0
status: active
domain: ${domain}
description:
  purpose: Synthetic product ${i} for benchmarks.
  usage: Join on event_id.
  limitations: Synthetic data.
tags: [synthetic, ${domain}]
inputPorts:
${inputs}
outputPorts:
  - name: events
    version: 1.0.0
    type: tables
    contractId: p${i}-events
  - name: daily
    version: 1.0.0
    type: tables
    contractId: p${i}-daily
managementPorts:
  - name: discovery
    content: discoverability
    url: https://catalog.example.com/products/product-${i}
  - name: observation
    content: observability
    url: https://observe.example.com/products/product-${i}
  - name: control
    content: control
    type: topic
    channel: control.product-${i}
support:
  - channel: "#product-${i}"
    url: https://chat.example.com/product-${i}
    tool: slack
team:
  name: team-${i % 50}
  members:
    - username: owner${i}@example.com
      role: owner
`;
}

export function generateMesh(root, count) {
  for (let i = 0; i < count; i += 1) {
    const dir = join(root, `product-${i}`);
    mkdirSync(join(dir, 'contracts'), { recursive: true });
    writeFileSync(join(dir, 'dataproduct.odps.yaml'), descriptor(i));
    for (const port of ['events', 'daily']) writeFileSync(join(dir, 'contracts', `${port}.odcs.yaml`), contract(i, port));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, count] = process.argv.slice(2);
  if (!dir || !count) {
    console.error('usage: node bench/mesh.mjs <dir> <count>');
    process.exit(2);
  }
  generateMesh(dir, Number(count));
  console.log(`generated ${count} products under ${dir}`);
}
