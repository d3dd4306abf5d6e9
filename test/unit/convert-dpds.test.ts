import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { officialValidator } from '../conformance/support.js';
import { planConversions } from '../../src/convert/plan.js';
import { convert, customProperty, notesOf, removeScratchDirs, scratchDir, writeFiles, type Doc } from '../support/convert.js';

afterAll(() => removeScratchDirs());

const descriptor = `# The orders product
dataProductDescriptor: 1.0.0
info:
  fullyQualifiedName: urn:dpds:acme:dataproducts:orders:1
  name: orders
  displayName: Orders
  version: 1.2.0
  domain: checkout
  description: Orders of the web shop
  owner:
    id: ann@acme.com
    name: Ann
  contactPoints:
    - name: Support
      channel: email
      address: orders@acme.com
  x-cost-center: 42
interfaceComponents:
  inputPorts:
    - fullyQualifiedName: urn:dpds:acme:dataproducts:shop:1:outputports:carts
      name: carts
      version: 1.0.0
  outputPorts:
    - description: Latest state of each order
      $ref: ports/orders.yaml
    - name: events
      version: 2.0.0
      description: Order events
      promises:
        servicesType: streaming-services
        api:
          name: eventsApi
          specification: asyncapi
          definition:
            asyncapi: 2.5.0
            channels:
              orders.events:
                subscribe:
                  message:
                    messageId: orderEvent
                    payload:
                      $ref: schemas/order-event.avsc
  observabilityPorts:
    - name: health
      version: 1.0.0
      description: Health metrics
      promises:
        servicesType: rest-services
  controlPorts:
    - $ref: '#/components/controlPorts/erasure'
components:
  controlPorts:
    erasure:
      name: erasure
      version: 1.0.0
      description: Erasure requests
internalComponents:
  applicationComponents:
    - $ref: apps/loader.json
tags: [orders]
`;

const files = {
  'ports/orders.yaml': `fullyQualifiedName: urn:dpds:acme:dataproducts:orders:1:outputports:orders
name: orders
displayName: Orders table
version: 1.2.0
promises:
  platform: aws:postgres
  servicesType: datastore-services
  api:
    name: ordersApi
    specification: datastoreapi
    definition:
      $ref: ../api/orders-api.json
  slo:
    name: slo
    specification: custom
    definition:
      x-availability: "0.999"
expectations:
  usage:
    name: usage
    specification: custom
    description: Operational lookups by order id
    definition: {}
x-team-note: hand-written
`,
  'api/orders-api.json': JSON.stringify({ datastoreapi: '1.0.0', schema: { tables: [{ name: 'orders', definition: { $ref: 'orders-table.json' } }] } }),
  'api/orders-table.json': JSON.stringify({
    name: 'orders',
    columns: [
      { name: 'status', dataType: 'VARCHAR', dataLength: 20, columnConstraint: 'NOT_NULL', ordinalPosition: 2 },
      { name: 'id', dataType: 'INTEGER', columnConstraint: 'PRIMARY_KEY', ordinalPosition: 1 },
    ],
  }),
  'schemas/order-event.avsc': JSON.stringify({
    type: 'record',
    name: 'OrderEvent',
    fields: [
      { name: 'id', type: 'long' },
      { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'note', type: ['null', 'string'] },
      { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['created', 'paid'] } },
    ],
  }),
};

function expectOfficial(kind: 'odcs' | 'odps', doc: Doc): void {
  const validate = officialValidator(kind);
  expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
}

describe('dp convert: DPDS 1.0.0 to ODPS v1.0.0 and ODCS v3.1.0', () => {
  const result = convert('product/descriptor.yaml', descriptor, { others: Object.fromEntries(Object.entries(files).map(([k, v]) => [`product/${k}`, v])) });
  const odps = parse(result.texts['dataproduct.odps.yaml']) as Doc;
  const orders = parse(result.texts['contracts/orders.odcs.yaml']) as Doc;
  const events = parse(result.texts['contracts/events.odcs.yaml']) as Doc;

  it("writes dp's product layout, every file valid under its official schema", () => {
    expect(Object.keys(result.texts).sort()).toEqual(['contracts/events.odcs.yaml', 'contracts/orders.odcs.yaml', 'dataproduct.odps.yaml']);
    expectOfficial('odps', odps);
    expectOfficial('odcs', orders);
    expectOfficial('odcs', events);
  });

  it('the product: identity, owner, contacts, the comment on top; extensions and internal components kept', () => {
    expect(odps).toMatchObject({
      apiVersion: 'v1.0.0',
      kind: 'DataProduct',
      id: 'urn:dpds:acme:dataproducts:orders:1',
      name: 'Orders',
      version: '1.2.0',
      status: 'draft',
      domain: 'checkout',
      description: { purpose: 'Orders of the web shop' },
      team: { members: [{ username: 'ann@acme.com', name: 'Ann', role: 'owner' }] },
      support: [{ channel: 'Support', url: 'mailto:orders@acme.com', tool: 'email' }],
      tags: ['orders'],
    });
    expect(customProperty(odps, 'info.x-cost-center')).toBe(42);
    expect(customProperty(odps, 'internalComponents')).toEqual({ applicationComponents: [{ $ref: 'apps/loader.json' }] });
    expect(result.texts['dataproduct.odps.yaml']).toMatch(/^# yaml-language-server: .*\n\n# The orders product\n/);
  });

  it('ports: input ports name a contract, output ports their contract, the others are management ports', () => {
    expect(odps.inputPorts).toEqual([{ name: 'carts', version: '1.0.0', contractId: 'urn:dpds:acme:dataproducts:shop:1:outputports:carts' }]);
    expect(odps.outputPorts.map((p: Doc) => [p.name, p.version, p.type, p.contractId])).toEqual([
      ['orders', '1.2.0', 'datastore', 'urn:dpds:acme:dataproducts:orders:1:outputports:orders'],
      ['events', '2.0.0', 'streaming', 'orders.events'],
    ]);
    expect(odps.outputPorts[0].description).toBe('Latest state of each order');
    expect(odps.managementPorts).toEqual([
      {
        name: 'health',
        content: 'observability',
        description: 'Health metrics',
        type: 'rest',
        customProperties: [expect.objectContaining({ property: 'version' }), expect.objectContaining({ property: 'promises' })],
      },
      { name: 'erasure', content: 'control', description: 'Erasure requests', customProperties: [expect.objectContaining({ property: 'version' })] },
    ]);
  });

  it('each output port gets a contract with its version, purpose, usage, API link and a schema read from its API', () => {
    expect(orders).toMatchObject({
      id: 'urn:dpds:acme:dataproducts:orders:1:outputports:orders',
      name: 'Orders table',
      version: '1.2.0',
      domain: 'checkout',
      description: {
        purpose: 'Latest state of each order',
        usage: 'Operational lookups by order id',
        authoritativeDefinitions: [{ type: 'datastoreapi', url: 'api/orders-api.json' }],
      },
    });
    expect(orders.schema).toEqual([
      {
        name: 'orders',
        logicalType: 'object',
        properties: [
          { name: 'id', logicalType: 'integer', physicalType: 'INTEGER', primaryKey: true, required: true },
          { name: 'status', logicalType: 'string', physicalType: 'VARCHAR(20)', required: true },
        ],
      },
    ]);
    expect(customProperty(orders, 'promises.slo')).toMatchObject({ name: 'slo' });
    expect(events.schema[0]).toMatchObject({
      name: 'orderEvent',
      physicalName: 'orders.events',
      properties: [
        { name: 'id', logicalType: 'integer', logicalTypeOptions: { format: 'i64' }, required: true },
        { name: 'at', logicalType: 'timestamp', required: true },
        { name: 'note', logicalType: 'string', required: false },
        { name: 'kind', logicalType: 'string', quality: [{ metric: 'invalidValues', arguments: { validValues: ['created', 'paid'] }, mustBe: 0 }] },
      ],
    });
  });

  it('notes point at the file each part came from', () => {
    const note = notesOf(result, 'custom-property').find((n) => n.path === 'x-team-note');
    expect(note).toMatchObject({ file: 'product/ports/orders.yaml', line: 24, column: 1, target: 'dataproduct.odps.yaml: outputPorts[0].customProperties' });
    expect(notesOf(result, 'changed').find((n) => n.path === 'interfaceComponents.inputPorts[0].fullyQualifiedName')).toBeTruthy();
  });
});

describe('dp convert: DPDS references stay inside the product directory', () => {
  const base = (ref: string) =>
    `dataProductDescriptor: 1.0.0\ninfo:\n  fullyQualifiedName: urn:x\n  name: x\n  version: 1.0.0\n  domain: d\n  owner:\n    id: ann\ninterfaceComponents:\n  outputPorts:\n    - $ref: ${ref}\n`;

  it.each([
    ['../outside.json', /leaves the product directory/],
    ['https://example.com/port.json', /is a URL/],
    ['/etc/passwd', /absolute path/],
    ['ports/missing.json', /names no file/],
  ])('%s is refused with its position', (ref, message) => {
    const result = convert('p/dpds.yaml', base(ref), { others: { 'outside.json': '{"name":"x","version":"1.0.0"}' }, allowProblems: true });
    expect(result.plan.problems).toEqual([expect.objectContaining({ file: 'p/dpds.yaml', line: 11, column: 13, message: expect.stringMatching(message) })]);
    expect(result.plan.conversions).toEqual([]);
  });

  it('a symbolic link out of the product directory is refused', () => {
    const outside = scratchDir();
    writeFileSync(join(outside, 'secret.json'), '{"name":"s","version":"1.0.0"}');
    const dir = scratchDir();
    writeFiles(dir, { 'p/dpds.yaml': base('ports/port.json'), 'p/ports/.keep': '' });
    symlinkSync(join(outside, 'secret.json'), join(dir, 'p/ports/port.json'));
    const plan = planConversions({ cwd: dir, paths: ['p'], unmapped: 'custom-properties' });
    expect(plan.problems).toEqual([
      expect.objectContaining({ file: 'p/dpds.yaml', line: 11, message: expect.stringMatching(/symbolic link out of the product directory/) }),
    ]);
  });
});
