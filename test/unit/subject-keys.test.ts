import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { kindOfUrl, subjectKeys } from '../../src/descriptor/subject-keys.js';
import { validContract, validProduct, type ProductFixture } from '../support/product.js';
import { check, cleanupAll } from '../support/validate.js';

afterEach(cleanupAll);

function withEmail(declare: Record<string, unknown>): ProductFixture {
  const p = validProduct();
  const email = p.contracts.events.schema[0].properties[1];
  delete email.customProperties;
  Object.assign(email, declare);
  return p;
}

describe('subject keys: the convention', () => {
  it('reads customProperties and authoritativeDefinitions, with the column and object names', () => {
    const contract = validContract();
    contract.schema[0].physicalName = 'plays_v2';
    contract.schema[0].properties[0].authoritativeDefinitions = [{ type: 'dataSubject', url: 'https://privacy.example.com/subjects/listener-device/' }];
    contract.schema[0].properties[1].physicalName = 'email';
    const { keys, problems } = subjectKeys(contract);
    expect(problems).toEqual([]);
    expect(keys.map((k) => [k.kind, k.object, k.physicalObject, k.property, k.column, k.classification])).toEqual([
      ['listener-device', 'play_events', 'plays_v2', 'event_id', 'event_id', null],
      ['listener', 'play_events', 'plays_v2', 'listener_email', 'email', 'restricted'],
    ]);
    expect(keys[1].path).toEqual(['schema', 0, 'properties', 1, 'customProperties', 0, 'value']);
  });

  it('takes the kind from the last segment of a URL or URN', () => {
    expect(kindOfUrl('urn:acme:subject:Customer')).toBe('customer');
    expect(kindOfUrl('https://x.example.com/privacy#employee')).toBe('employee');
    expect(kindOfUrl('https://x.example.com/subjects/customer/')).toBe('customer');
  });

  it('reports kinds that are not kinds, and nested properties', () => {
    const contract = validContract();
    contract.schema[0].properties[0].customProperties = [{ property: 'dataSubject', value: 42 }];
    contract.schema[0].properties[2].customProperties = [{ property: 'dataSubject', value: 'Customer Id' }];
    contract.schema[0].properties.push({
      name: 'device',
      logicalType: 'object',
      properties: [{ name: 'owner_id', logicalType: 'string', customProperties: [{ property: 'dataSubject', value: 'customer' }] }],
    });
    const { keys, problems } = subjectKeys(contract);
    expect(keys.map((k) => k.property)).toEqual(['listener_email']);
    expect(problems.map((p) => p.message)).toEqual([
      'field `play_events.event_id` declares a data subject of kind 42, which is not a kind',
      'field `play_events.played_at` declares a data subject of kind "Customer Id", which is not a kind',
      'field `play_events.device.owner_id` is nested: a subject key must be a property at the top level of its object',
    ]);
  });
});

describe('the subject-keys rule', () => {
  it('accepts a contract that names its subject key', async () => {
    expect((await check(validProduct())).ids).not.toContain('subject-keys');
    expect((await check(withEmail({ authoritativeDefinitions: [{ type: 'dataSubject', url: 'urn:acme:subject:listener' }] }))).ids).not.toContain(
      'subject-keys',
    );
  });

  it('finds restricted personal data without a subject key, at the field, as a warning', async () => {
    const run = await check(withEmail({}));
    const f = run.findings.find((x) => x.ruleId === 'subject-keys')!;
    expect(f.severity).toBe('warning');
    expect(f.message).toBe(
      "field `play_events.listener_email` is restricted personal data (e-mail address), but the contract names no subject key: erasure requests cannot find the person's rows (organisation policy)",
    );
    expect(f.file).toMatch(/contracts\/events\.odcs\.yaml$/);
    const text = stringify(withEmail({}).contracts.events);
    expect(text.split('\n')[f.line - 1]).toContain('classification: restricted');
  });

  it('leaves personal data that is not restricted, and restricted data that is not personal, to the other rules', async () => {
    expect((await check(withEmail({ classification: 'confidential' }))).ids).not.toContain('subject-keys');
    const p = withEmail({ name: 'listening_minutes' });
    expect((await check(p)).ids).not.toContain('subject-keys');
  });

  it('refuses a public subject key, and malformed declarations at their value (findings in the order of their lines)', async () => {
    const run = await check(withEmail({ classification: 'public', customProperties: [{ property: 'dataSubject', value: 'listener' }] }));
    expect(run.findings.filter((f) => f.ruleId === 'subject-keys').map((f) => f.message)).toEqual([
      'field `play_events.listener_email` identifies a data subject (listener) but is classified public (organisation policy)',
    ]);
    const bad = await check(withEmail({ customProperties: [{ property: 'dataSubject', value: 'Listeners!' }] }));
    expect(bad.findings.filter((f) => f.ruleId === 'subject-keys').map((f) => f.message)).toEqual([
      "field `play_events.listener_email` is restricted personal data (e-mail address), but the contract names no subject key: erasure requests cannot find the person's rows (organisation policy)",
      'field `play_events.listener_email` declares a data subject of kind "Listeners!", which is not a kind (organisation policy)',
    ]);
  });
});
