import { afterAll, describe, expect, it } from 'vitest';
import { officialValidator } from '../conformance/support.js';
import { convert, customProperty, notesOf, property, removeScratchDirs, type Doc } from '../support/convert.js';

afterAll(() => removeScratchDirs());

const head = 'dataContractSpecification: 1.2.1\nid: urn:datacontract:checkout:orders\ninfo:\n  title: Orders\n  version: 2.0.0\n  status: active\n';

function expectOfficial(doc: Doc): void {
  const validate = officialValidator('odcs');
  const ok = validate(doc);
  expect(ok, JSON.stringify(validate.errors, null, 2)).toBe(true);
}

function fieldDoc(field: string, extra = ''): Doc {
  const result = convert('datacontract.yaml', `${head}${extra}models:\n  orders:\n    fields:\n      f:\n${field.replace(/^/gm, '        ')}\n`);
  expectOfficial(result.doc);
  return property(result.doc, 'orders', 'f');
}

describe('dp convert: Data Contract Specification field types', () => {
  const cases: Array<[string, Doc]> = [
    ['string', { logicalType: 'string' }],
    ['text', { logicalType: 'string', physicalType: 'text' }],
    ['varchar', { logicalType: 'string', physicalType: 'varchar' }],
    ['number', { logicalType: 'number' }],
    ['decimal', { logicalType: 'number', physicalType: 'decimal' }],
    ['numeric', { logicalType: 'number', physicalType: 'numeric' }],
    ['int', { logicalType: 'integer', physicalType: 'int' }],
    ['integer', { logicalType: 'integer' }],
    ['long', { logicalType: 'integer', physicalType: 'long', logicalTypeOptions: { format: 'i64' } }],
    ['bigint', { logicalType: 'integer', physicalType: 'bigint', logicalTypeOptions: { format: 'i64' } }],
    ['float', { logicalType: 'number', physicalType: 'float', logicalTypeOptions: { format: 'f32' } }],
    ['double', { logicalType: 'number', physicalType: 'double', logicalTypeOptions: { format: 'f64' } }],
    ['boolean', { logicalType: 'boolean' }],
    ['timestamp', { logicalType: 'timestamp', logicalTypeOptions: { timezone: true } }],
    ['timestamp_tz', { logicalType: 'timestamp', physicalType: 'timestamp_tz', logicalTypeOptions: { timezone: true } }],
    ['timestamp_ntz', { logicalType: 'timestamp', physicalType: 'timestamp_ntz', logicalTypeOptions: { timezone: false } }],
    ['date', { logicalType: 'date' }],
    ['time', { logicalType: 'time' }],
    ['object', { logicalType: 'object' }],
    ['record', { logicalType: 'object', physicalType: 'record' }],
    ['struct', { logicalType: 'object', physicalType: 'struct' }],
    ['bytes', { logicalType: 'string', physicalType: 'bytes' }],
    ['map', { logicalType: 'object', physicalType: 'map' }],
  ];
  it.each(cases)('type %s', (type, expected) => {
    const field = fieldDoc(`type: ${type}`);
    expect(field).toMatchObject({ name: 'f', ...expected });
    if (!('physicalType' in expected)) expect(field.physicalType).toBeUndefined();
  });

  it.each(['variant', 'json', 'null'])('type %s has no ODCS logical type: only its physical type is written, and a note says so', (type) => {
    const result = convert('datacontract.yaml', `${head}models:\n  orders:\n    fields:\n      f:\n        type: "${type}"\n`);
    expect(property(result.doc, 'orders', 'f')).toEqual({ name: 'f', physicalType: type });
    expect(notesOf(result, 'changed').map((n) => n.path)).toContain('models.orders.fields.f.type');
  });

  it('arrays keep their item type; objects, records and structs their nested fields', () => {
    const field = fieldDoc('type: array\nitems:\n  type: record\n  fields:\n    sku:\n      type: string\n      required: true\n');
    expect(field).toMatchObject({
      logicalType: 'array',
      items: { logicalType: 'object', physicalType: 'record', properties: [{ name: 'sku', logicalType: 'string', required: true }] },
    });
  });

  it('a map keeps its key and value types under customProperties', () => {
    const field = fieldDoc('type: map\nkeys:\n  type: string\nvalues:\n  type: long\n');
    expect(customProperty(field, 'keys')).toEqual({ type: 'string' });
    expect(customProperty(field, 'values')).toEqual({ type: 'long' });
  });
});

describe('dp convert: Data Contract Specification field constraints and metadata', () => {
  it('string constraints and formats become logicalTypeOptions', () => {
    expect(fieldDoc('type: string\nminLength: 2\nmaxLength: 10\npattern: ^[a-z]+$\nformat: email\n').logicalTypeOptions).toEqual({
      minLength: 2,
      maxLength: 10,
      pattern: '^[a-z]+$',
      format: 'email',
    });
  });

  it('numeric bounds become logicalTypeOptions; precision and scale the physical type', () => {
    const field = fieldDoc('type: decimal\nprecision: 10\nscale: 2\nminimum: 0\nexclusiveMaximum: 1000\n');
    expect(field).toMatchObject({ logicalType: 'number', physicalType: 'decimal(10,2)', logicalTypeOptions: { minimum: 0, exclusiveMaximum: 1000 } });
  });

  it('a constraint that does not apply to the type is kept as a custom property, not dropped', () => {
    const result = convert('datacontract.yaml', `${head}models:\n  orders:\n    fields:\n      f:\n        type: boolean\n        maxLength: 5\n`);
    expect(customProperty(property(result.doc, 'orders', 'f'), 'maxLength')).toBe(5);
    expect(notesOf(result, 'custom-property')[0]).toMatchObject({
      path: 'models.orders.fields.f.maxLength',
      line: 12,
      column: 9,
      target: 'schema[0].properties[0].customProperties',
    });
  });

  it('an enum becomes an invalidValues quality rule', () => {
    expect(fieldDoc('type: string\nenum: [a, b]\n').quality).toEqual([{ metric: 'invalidValues', arguments: { validValues: ['a', 'b'] }, mustBe: 0 }]);
  });

  it('title, description, required, unique, classification, tags, examples and links', () => {
    const field = fieldDoc(
      'title: Customer\ndescription: Who ordered\ntype: string\nrequired: true\nunique: true\nclassification: restricted\ntags: [pii]\nexample: ann\nexamples: [bob]\nlinks:\n  wiki: https://wiki.example.com/customer\n',
    );
    expect(field).toMatchObject({
      businessName: 'Customer',
      description: 'Who ordered',
      required: true,
      unique: true,
      classification: 'restricted',
      tags: ['pii'],
      examples: ['bob', 'ann'],
      authoritativeDefinitions: [{ type: 'wiki', url: 'https://wiki.example.com/customer' }],
    });
  });

  it('pii, unknown keys and tool config are kept as custom properties', () => {
    const field = fieldDoc('type: string\npii: true\nx-owner: ann\nconfig:\n  avroType: string\n');
    expect(customProperty(field, 'pii')).toBe(true);
    expect(customProperty(field, 'x-owner')).toBe('ann');
    expect(customProperty(field, 'config')).toEqual({ avroType: 'string' });
  });

  it("the physical type comes from the config of the contract's server type", () => {
    const servers = 'servers:\n  prod:\n    type: bigquery\n    project: p\n    dataset: d\n';
    expect(fieldDoc('type: decimal\nconfig:\n  bigqueryType: NUMERIC(5, 2)\n  snowflakeType: NUMBER(5,2)\n', servers)).toMatchObject({
      physicalType: 'NUMERIC(5, 2)',
      customProperties: [{ property: 'config', value: { snowflakeType: 'NUMBER(5,2)' } }],
    });
  });

  it('references become relationships; lineage source objects become transformSourceObjects', () => {
    const field = fieldDoc(
      'type: string\nreferences: customers.id\nlineage:\n  inputFields:\n    - namespace: crm\n      name: crm.customers\n      field: id\n',
    );
    expect(field.relationships).toEqual([{ to: 'customers.id' }]);
    expect(field.transformSourceObjects).toEqual(['crm.customers']);
    expect(customProperty(field, 'lineage')).toBeTruthy();
  });

  it('primary keys: a compound model key sets positions; field-level keys are numbered in order', () => {
    const result = convert(
      'datacontract.yaml',
      `${head}models:\n  lines:\n    primaryKey: [order_id, line]\n    fields:\n      line:\n        type: int\n      order_id:\n        type: string\n  orders:\n    fields:\n      id:\n        type: string\n        primaryKey: true\n`,
    );
    expect(property(result.doc, 'lines', 'order_id')).toMatchObject({ primaryKey: true, primaryKeyPosition: 1 });
    expect(property(result.doc, 'lines', 'line')).toMatchObject({ primaryKey: true, primaryKeyPosition: 2 });
    expect(property(result.doc, 'orders', 'id')).toMatchObject({ primaryKey: true, primaryKeyPosition: 1 });
    expectOfficial(result.doc);
  });

  it('$ref to a definition of the file: its keys, overridden by the field; the unused definitions are kept', () => {
    const result = convert(
      'datacontract.yaml',
      `${head}models:\n  orders:\n    fields:\n      id:\n        $ref: '#/definitions/order_id'\n        description: Own text\n      ext:\n        $ref: https://example.com/defs.yaml#/id\ndefinitions:\n  order_id:\n    type: string\n    format: uuid\n    description: Shared text\n  unused:\n    type: int\n`,
    );
    expect(property(result.doc, 'orders', 'id')).toMatchObject({ logicalType: 'string', logicalTypeOptions: { format: 'uuid' }, description: 'Own text' });
    expect(customProperty(property(result.doc, 'orders', 'ext'), '$ref')).toBe('https://example.com/defs.yaml#/id');
    expect(customProperty(result.doc, 'definitions.unused')).toEqual({ type: 'int' });
    expect(notesOf(result, 'resolved')).toHaveLength(1);
  });
});

describe('dp convert: Data Contract Specification quality', () => {
  function rules(quality: string): Doc[] {
    const result = convert(
      'datacontract.yaml',
      `${head}models:\n  orders:\n    quality:\n${quality.replace(/^/gm, '      ')}\n    fields:\n      id:\n        type: string\n`,
    );
    expectOfficial(result.doc);
    return result.doc.schema[0].quality;
  }

  it('text, sql, library and custom rules; DCS operator spellings and the SQL dialect', () => {
    expect(
      rules(
        '- type: text\n  description: Looks right\n- type: sql\n  query: SELECT COUNT(*) FROM orders\n  dialect: postgres\n  mustBeGreaterThanOrEqualTo: 1\n- type: library\n  metric: rowCount\n  mustBeGreaterThan: 0\n- type: custom\n  engine: soda\n  implementation:\n    type: row_count\n',
      ),
    ).toEqual([
      { type: 'text', description: 'Looks right' },
      {
        type: 'sql',
        query: 'SELECT COUNT(*) FROM orders',
        mustBeGreaterOrEqualTo: 1,
        customProperties: [{ property: 'dialect', value: 'postgres', description: 'Data Contract Specification 1.2.1: `models.orders.quality[1].dialect`' }],
      },
      { type: 'library', metric: 'rowCount', mustBeGreaterThan: 0 },
      { type: 'custom', engine: 'soda', implementation: { type: 'row_count' } },
    ]);
  });

  it('>= and <= become mustBeBetween; other operator pairs become one rule each', () => {
    const out = rules(
      '- type: sql\n  query: SELECT 1\n  mustBeGreaterThanOrEqualTo: 1\n  mustBeLessThanOrEqualTo: 9\n- type: sql\n  query: SELECT 2\n  mustBeGreaterThan: 1\n  mustBeLessThan: 9\n',
    );
    expect(out).toEqual([
      { type: 'sql', query: 'SELECT 1', mustBeBetween: [1, 9] },
      { type: 'sql', query: 'SELECT 2', mustBeGreaterThan: 1 },
      { type: 'sql', query: 'SELECT 2', mustBeLessThan: 9 },
    ]);
  });

  it('the contract-level quality section of older versions goes to the models it names', () => {
    const result = convert(
      'datacontract.yaml',
      `dataContractSpecification: 0.9.3\nid: x\ninfo:\n  title: X\n  version: 1.0.0\nmodels:\n  orders:\n    fields:\n      id:\n        type: string\nquality:\n  type: SodaCL\n  specification:\n    checks for orders:\n      - row_count > 0\n`,
    );
    expect(result.doc.schema[0].quality).toEqual([{ type: 'custom', engine: 'soda', implementation: 'checks for orders:\n  - row_count > 0\n' }]);
  });
});

describe('dp convert: Data Contract Specification servers', () => {
  const servers: Array<[string, string, Doc, string[]]> = [
    ['bigquery', 'project: p\ndataset: d', { project: 'p', dataset: 'd' }, []],
    [
      's3',
      'location: s3://bucket/orders/\nformat: parquet\nendpointUrl: https://minio.example.com',
      { location: 's3://bucket/orders/', format: 'parquet' },
      [],
    ],
    ['sftp', 'location: sftp://host/path\nformat: csv', { location: 'sftp://host/path' }, []],
    ['redshift', 'account: "123"\ndatabase: db\nschema: s\nclusterIdentifier: c\nport: 5439', { database: 'db', schema: 's' }, ['clusterIdentifier', 'port']],
    ['azure', 'location: abfss://c/path\nformat: parquet\nstorageAccount: acc', { location: 'abfss://c/path' }, ['storageAccount']],
    ['sqlserver', 'host: h\nport: 1433\ndatabase: db\nschema: dbo\ndriver: ODBC 18', { host: 'h', port: 1433 }, ['driver']],
    ['snowflake', 'account: a\ndatabase: db\nschema: s', { account: 'a' }, []],
    ['databricks', 'host: h\ncatalog: c\nschema: s', { catalog: 'c' }, []],
    ['glue', 'account: a\ndatabase: db\nlocation: s3://b/p', { account: 'a' }, []],
    ['postgres', 'host: h\nport: "5432"\ndatabase: db\nschema: public', { host: 'h', port: 5432 }, []],
    ['oracle', 'host: h\nport: 1521\nserviceName: svc', { serviceName: 'svc' }, []],
    ['kafka', 'host: broker:9092\ntopic: orders\nformat: avro', { host: 'broker:9092', format: 'avro' }, ['topic']],
    ['pubsub', 'project: p\ntopic: t', { project: 'p' }, ['topic']],
    ['kinesis', 'stream: s\nregion: eu-west-1\nformat: json', { region: 'eu-west-1' }, ['stream']],
    ['trino', 'host: h\nport: 8080\ncatalog: c\nschema: s', { catalog: 'c' }, []],
    ['clickhouse', 'host: h\nport: 9000\ndatabase: db', { database: 'db' }, []],
    ['local', 'path: ./data/orders.parquet\nformat: parquet', { path: './data/orders.parquet' }, []],
  ];
  it.each(servers)('%s', (type, body, expected, kept) => {
    const result = convert(
      'datacontract.yaml',
      `${head}servers:\n  production:\n    type: ${type}\n    environment: prod\n${body.replace(/^/gm, '    ')}\n    roles:\n      - name: analyst\n        description: Reads all\n`,
    );
    const server = result.doc.servers[0];
    expect(server).toMatchObject({ server: 'production', type, environment: 'prod', roles: [{ role: 'analyst', description: 'Reads all' }], ...expected });
    for (const key of kept) expect(customProperty(server, key), key).toBeDefined();
    for (const key of kept) expect(notesOf(result, 'custom-property').map((n) => n.path)).toContain(`servers.production.${key}`);
    expectOfficial(result.doc);
  });

  it('a type ODCS does not know becomes custom, and says so', () => {
    const result = convert('datacontract.yaml', `${head}servers:\n  local:\n    type: dataframe\n`);
    expect(result.doc.servers[0]).toEqual({ server: 'local', type: 'custom' });
    expect(notesOf(result, 'changed')[0].message).toMatch(/dataframe/);
  });
});

describe('dp convert: Data Contract Specification service levels, info and terms', () => {
  it('service levels become SLA properties with units and elements; support and backup are kept', () => {
    const result = convert(
      'datacontract.yaml',
      `${head}servicelevels:\n  availability:\n    percentage: 99.9%\n  retention:\n    period: P1Y\n    timestampField: orders.ts\n  latency:\n    threshold: 25h\n    sourceTimestampField: orders.ts\n    processedTimestampField: orders.done\n  freshness:\n    threshold: 30 minutes\n  frequency:\n    type: batch\n    cron: 0 0 * * *\n  support:\n    time: 24/7\n  backup:\n    interval: weekly\n`,
    );
    expect(result.doc.slaProperties).toEqual([
      { property: 'availability', value: 99.9, unit: 'percent' },
      { property: 'retention', value: 1, unit: 'y', element: 'orders.ts' },
      { property: 'latency', value: 25, unit: 'h', element: 'orders.ts, orders.done' },
      { property: 'freshness', value: 30, unit: 'min' },
      { property: 'frequency', value: 1, unit: 'd', scheduler: 'cron', schedule: '0 0 * * *' },
    ]);
    expect(customProperty(result.doc, 'servicelevels.support')).toEqual({ time: '24/7' });
    expect(customProperty(result.doc, 'servicelevels.frequency.type')).toBe('batch');
    expectOfficial(result.doc);
  });

  it('a version or id written as a number keeps its digits', () => {
    const result = convert('datacontract.yaml', 'dataContractSpecification: 1.2.1\nid: 0042\ninfo:\n  title: X\n  version: 1.10\n  status: active\n');
    expect(result.doc).toMatchObject({ id: '0042', version: '1.10' });
    expectOfficial(result.doc);
  });

  it('unlimited retention', () => {
    const result = convert('datacontract.yaml', `${head}servicelevels:\n  retention:\n    unlimited: true\n`);
    expect(result.doc.slaProperties).toEqual([{ property: 'retention', value: 'unlimited' }]);
  });

  it('info and terms: name, version, status, description, owner, contacts, price, policies', () => {
    const result = convert(
      'datacontract.yaml',
      `dataContractSpecification: 1.1.0\nid: orders\ninfo:\n  title: Orders\n  version: 1.0.0\n  description: All orders\n  owner: checkout-team\n  contact:\n    name: Ann\n    email: ann@example.com\nterms:\n  usage: Reports\n  limitations: No PII joins\n  billing: 500 EUR per month\n  noticePeriod: P3M\n  policies:\n    - name: license\n      url: https://example.com/license\n`,
    );
    expect(result.doc).toMatchObject({
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      id: 'orders',
      name: 'Orders',
      version: '1.0.0',
      status: 'draft',
      description: {
        purpose: 'All orders',
        usage: 'Reports',
        limitations: 'No PII joins',
        authoritativeDefinitions: [{ type: 'license', url: 'https://example.com/license' }],
      },
      team: { name: 'checkout-team' },
      support: [{ channel: 'Ann', url: 'mailto:ann@example.com' }],
      price: { priceAmount: 500, priceCurrency: 'EUR', priceUnit: 'month' },
    });
    expect(notesOf(result, 'defaulted').map((n) => n.path)).toEqual(['info.status']);
    expect(customProperty(result.doc.description, 'noticePeriod')).toBe('P3M');
    expectOfficial(result.doc);
  });
});

describe('dp convert: Data Contract Specification comments and order', () => {
  it('keeps comments with what they describe, and the fields in their order', () => {
    const result = convert(
      'datacontract.yaml',
      `# Orders of the web shop\n${head}models:\n  orders:\n    fields:\n      # the key\n      id:\n        type: string # a UUID\n      amount:\n        type: decimal\n`,
    );
    const text = result.texts['datacontract.odcs.yaml'];
    expect(text).toMatch(/^# yaml-language-server: \$schema=https:\/\/dp-cli.dev\/schemas\/odcs-v3.1.0.schema.json\n\n# Orders of the web shop\n/);
    expect(text).toMatch(/# the key\n\s+- name: id\n\s+logicalType: string # a UUID\n/);
    expect(text.indexOf('name: id')).toBeLessThan(text.indexOf('name: amount'));
  });

  it('--unmapped drop writes no custom properties and lists what was dropped', () => {
    const result = convert('datacontract.yaml', `${head}models:\n  orders:\n    fields:\n      f:\n        type: string\n        pii: true\n`, {
      unmapped: 'drop',
    });
    expect(property(result.doc, 'orders', 'f').customProperties).toBeUndefined();
    expect(notesOf(result, 'dropped')).toMatchObject([{ path: 'models.orders.fields.f.pii', line: 12, column: 9 }]);
  });
});
