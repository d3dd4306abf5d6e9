import { afterAll, describe, expect, it } from 'vitest';
import { officialValidator } from '../conformance/support.js';
import { convert, customProperty, notesOf, property, removeScratchDirs, type Doc } from '../support/convert.js';

afterAll(() => removeScratchDirs());

function expectOfficial(doc: Doc): void {
  const validate = officialValidator('odcs');
  expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
}

const v30 = (body: string, version = 'v3.0.2') => `apiVersion: ${version}\nkind: DataContract\nid: orders\nversion: 1.0.0\nstatus: active\n${body}`;

describe('dp convert: ODCS v3.0.x to v3.1.0', () => {
  it('changes only what v3.1.0 changed: the version, and nothing else of a contract that needs nothing more', () => {
    const source = v30(
      '# the orders\nschema:\n  - name: orders # table\n    logicalType: object\n    properties:\n      - name: id\n        logicalType: string\n        tags: [ "key" ]\n',
      'v3.0.0',
    );
    const result = convert('orders.odcs.yaml', source);
    expect(result.texts['orders.odcs.yaml']).toBe(source.replace('v3.0.0', 'v3.1.0'));
    expect(result.notes).toEqual([]);
  });

  it('the team list becomes team.members; a member key v3.1.0 lacks is kept', () => {
    const result = convert('orders.odcs.yaml', v30('team:\n  - username: ann\n    role: owner\n    comment: founder\n'));
    expect(result.doc.team).toEqual({
      members: [
        {
          username: 'ann',
          role: 'owner',
          customProperties: [{ property: 'comment', value: 'founder', description: 'ODCS v3.0.2: `team.members[0].comment`' }],
        },
      ],
    });
    expect(notesOf(result, 'custom-property')[0]).toMatchObject({ line: 9, column: 5 });
    expectOfficial(result.doc);
  });

  it('slaDefaultElement goes to each SLA property without an element, and its comment stays', () => {
    const result = convert(
      'orders.odcs.yaml',
      v30(
        '# SLA\nslaDefaultElement: orders.ts\nslaProperties:\n  - property: latency\n    value: 4\n    unit: d\n  - property: retention\n    value: 1\n    unit: y\n    element: orders.created\n',
      ),
    );
    expect(result.doc.slaDefaultElement).toBeUndefined();
    expect(result.doc.slaProperties.map((s: Doc) => s.element)).toEqual(['orders.ts', 'orders.created']);
    expect(result.texts['orders.odcs.yaml']).toMatch(/# SLA\nslaProperties:/);
  });

  it('quality: rule names become v3.1.0 metrics; several operators split; unknown rules become text rules that keep them', () => {
    const result = convert(
      'orders.odcs.yaml',
      v30(
        'schema:\n  - name: orders\n    quality:\n      - rule: rowCount\n        mustBeGreaterThan: 0\n        mustBeLessThan: 100\n    properties:\n      - name: id\n        quality:\n          - rule: duplicateCount\n            mustBe: 0\n          - rule: validValues\n            validValues: [a, b]\n          - rule: notNullish\n            mustBe: 0\n            description: custom check\n',
      ),
    );
    expect(result.doc.schema[0].quality).toEqual([
      { metric: 'rowCount', mustBeGreaterThan: 0 },
      { metric: 'rowCount', mustBeLessThan: 100 },
    ]);
    expect(property(result.doc, 'orders', 'id').quality).toMatchObject([
      { metric: 'duplicateValues', mustBe: 0 },
      { metric: 'invalidValues', arguments: { validValues: ['a', 'b'] }, mustBe: 0 },
      {
        type: 'text',
        description: 'custom check',
        customProperties: [
          { property: 'rule', value: 'notNullish' },
          { property: 'mustBe', value: 0 },
        ],
      },
    ]);
    expectOfficial(result.doc);
  });

  it('exclusive bounds hold the bound; integer and number widths use v3.1.0 names', () => {
    const result = convert(
      'orders.odcs.yaml',
      v30(
        'schema:\n  - name: orders\n    properties:\n      - name: n\n        logicalType: integer\n        logicalTypeOptions:\n          maximum: 10\n          exclusiveMaximum: true\n          minimum: 0\n          exclusiveMinimum: false\n          format: int64\n      - name: d\n        logicalType: date\n        logicalTypeOptions:\n          minimum: "2020-01-01"\n          exclusiveMinimum: true\n',
      ),
    );
    expect(property(result.doc, 'orders', 'n').logicalTypeOptions).toEqual({ exclusiveMaximum: 10, minimum: 0, format: 'i64' });
    expect(property(result.doc, 'orders', 'd').logicalTypeOptions).toEqual({ exclusiveMinimum: '2020-01-01' });
    expectOfficial(result.doc);
  });

  it('servers: fields v3.1.0 renamed or retyped, and those it no longer defines', () => {
    const result = convert(
      'orders.odcs.yaml',
      v30(
        'servers:\n  - server: a\n    type: athena\n    staging_dir: s3://b/stage\n    schema: s\n  - server: d\n    type: duckdb\n    database: x.db\n    schema: 1\n  - server: k\n    type: kafka\n    host: broker\n    topic: orders\n',
        'v3.0.1',
      ),
    );
    expect(result.doc.servers[0]).toMatchObject({ stagingDir: 's3://b/stage' });
    expect(result.doc.servers[1].schema).toBe('1');
    expect(customProperty(result.doc.servers[2], 'topic')).toBe('orders');
    expect(notesOf(result, 'custom-property')[0]).toMatchObject({ path: 'servers[2].topic', line: 18, column: 5, target: 'servers[2].customProperties' });
    expectOfficial(result.doc);
  });

  it('ODCS v2 column flags left in a v3.0 file take their v3 names; a rule missing its query keeps its operator', () => {
    const result = convert(
      'orders.odcs.yaml',
      v30(
        'schema:\n  - name: orders\n    quality:\n      - type: sql\n        mustBeGreaterThan: 0\n    properties:\n      - name: id\n        logicalType: string\n        isNullable: false\n        isUnique: true\n',
        'v3.0.0',
      ),
    );
    expect(property(result.doc, 'orders', 'id')).toEqual({ name: 'id', logicalType: 'string', required: true, unique: true });
    expect(result.doc.schema[0].quality).toEqual([{ type: 'sql', mustBeGreaterThan: 0 }]);
    expect(notesOf(result, 'invalid')).toHaveLength(1);
  });

  it('a version written as a number becomes the text it was', () => {
    const result = convert('orders.odcs.yaml', 'apiVersion: v3.0.2\nkind: DataContract\nid: orders\nversion: 1.10\nstatus: active\n');
    expect(result.texts['orders.odcs.yaml']).toMatch(/^version: "1.10"$/m);
    expectOfficial(result.doc);
  });

  it('keeps CRLF line ends and the indentation of lists', () => {
    const source = v30('tags:\n- a\n- b\n').replace(/\n/g, '\r\n');
    const result = convert('orders.odcs.yaml', source);
    expect(result.texts['orders.odcs.yaml']).toBe(source.replace('v3.0.2', 'v3.1.0'));
  });
});

describe('dp convert: ODCS v2 to v3.1.0', () => {
  const v2 = `# legacy orders contract
kind: DataContract
apiVersion: v2.2.2
uuid: 53581432-6c55-4ba2-a65f-72344a91553a
version: 1.1.0
status: current
datasetDomain: checkout
quantumName: orders
userConsumptionMode: analytical
description:
  purpose: Orders
  limitations: null
productDl: orders@example.com
productSlackChannel: '#orders'
sourceSystem: BigQuery
project: edw
datasetName: orders_ds
username: svc
password: secret
type: tables
dataset:
  - table: orders
    priorTableName: orders_old
    dataGranularity: one row per order
    description: Orders table
    columns:
      - column: id # the key
        isPrimaryKey: true
        logicalType: string
        physicalType: varchar(36)
        isNullable: false
        isUnique: true
        criticalDataElementStatus: true
        encryptedColumnName: id_enc
        transformSourceTables: [raw.orders]
        sampleValues: [a1]
      - column: amount
        logicalType: double
        physicalType: float64
        isNullable: true
        partitionStatus: true
        clusterStatus: true
    quality:
      - toolName: soda
        toolRuleName: missing_count(id) = 0
        templateName: NotNull
        column: id
        dimension: completeness
        scheduleCronExpression: 0 20 * * *
price:
  priceAmount: "1.5"
  priceCurrency: USD
  priceUnit: gigabyte
stakeholders:
  - username: ann
    role: owner
slaDefaultColumn: orders.id
slaProperties:
  - property: latency
    value: 4
    unit: d
    column: orders.amount
  - property: retention
    value: 1
    unit: y
contractCreatedTs: 2022-11-15 02:59:43
`;

  it('fundamentals, support channels, one server, team, SLA elements; credentials are never copied', () => {
    const result = convert('orders.yaml', v2);
    expect(result.doc).toMatchObject({
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      id: '53581432-6c55-4ba2-a65f-72344a91553a',
      domain: 'checkout',
      dataProduct: 'orders',
      description: { purpose: 'Orders' },
      support: [
        { channel: 'orders@example.com', url: 'mailto:orders@example.com', tool: 'email' },
        { channel: '#orders', tool: 'slack' },
      ],
      servers: [{ server: 'orders_ds', type: 'bigquery', project: 'edw', dataset: 'orders_ds' }],
      team: { members: [{ username: 'ann', role: 'owner' }] },
      price: { priceAmount: 1.5 },
      slaProperties: [
        { property: 'latency', element: 'orders.amount' },
        { property: 'retention', element: 'orders.id' },
      ],
      contractCreatedTs: '2022-11-15T02:59:43Z',
    });
    expect(result.texts['orders.odcs.yaml']).not.toMatch(/secret|svc/);
    expect(notesOf(result, 'dropped').map((n) => n.path)).toEqual(['username', 'password']);
    expect(customProperty(result.doc, 'userConsumptionMode')).toBe('analytical');
    expectOfficial(result.doc);
  });

  it('datasets and columns become schema objects and properties with the v3 names', () => {
    const result = convert('orders.yaml', v2);
    const orders = result.doc.schema[0];
    expect(orders).toMatchObject({ name: 'orders', logicalType: 'object', description: 'Orders table', dataGranularityDescription: 'one row per order' });
    expect(customProperty(orders, 'priorTableName')).toBe('orders_old');
    expect(property(result.doc, 'orders', 'id')).toMatchObject({
      primaryKey: true,
      logicalType: 'string',
      physicalType: 'varchar(36)',
      required: true,
      unique: true,
      criticalDataElement: true,
      encryptedName: 'id_enc',
      transformSourceObjects: ['raw.orders'],
      examples: ['a1'],
    });
    expect(property(result.doc, 'orders', 'amount')).toMatchObject({ logicalType: 'number', required: false, partitioned: true });
    expect(customProperty(property(result.doc, 'orders', 'amount'), 'clusterStatus')).toBe(true);
    expect(result.texts['orders.odcs.yaml']).toMatch(/- name: id # the key/);
  });

  it('a quality entry naming a tool becomes a custom rule on the column it names', () => {
    const result = convert('orders.yaml', v2);
    expect(property(result.doc, 'orders', 'id').quality).toEqual([
      {
        type: 'custom',
        engine: 'soda',
        implementation: 'missing_count(id) = 0',
        dimension: 'completeness',
        schedule: '0 20 * * *',
        scheduler: 'cron',
        customProperties: [{ property: 'templateName', value: 'NotNull', description: 'ODCS v2.2.2: `dataset[0].quality[0].templateName`' }],
      },
    ]);
  });
});
