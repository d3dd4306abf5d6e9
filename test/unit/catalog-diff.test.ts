/** Classification of changes between two versions of a product: one case per rule. */
import { describe, expect, it } from 'vitest';
import { affectedPorts, diffProducts } from '../../src/catalog/diff/diff.js';
import { isWidening } from '../../src/catalog/diff/fields.js';
import { CHANGE_RULES } from '../../src/catalog/diff/rules.js';
import { clone, playerProduct, toCandidate } from '../support/catalog.js';
import type { ProductFixture } from '../support/product.js';

const base = playerProduct;

function changesAfter(mutate: (p: ProductFixture) => void) {
  const after = clone(base());
  mutate(after);
  return diffProducts(toCandidate(base()).documents, toCandidate(after).documents);
}

const fields = (p: ProductFixture) => p.contracts.events.schema[0].properties as Array<Record<string, any>>;
const field = (p: ProductFixture, name: string) => fields(p).find((f) => f.name === name)!;
const rules = (changes: ReturnType<typeof changesAfter>) => changes.map((c) => `${c.ruleId}:${c.class}`);

describe('diffProducts', () => {
  it('finds nothing between identical versions', () => {
    expect(changesAfter(() => {})).toEqual([]);
  });

  it('classifies port changes', () => {
    expect(rules(changesAfter((p) => (p.descriptor.outputPorts = [])))).toEqual(['output-port-removed:breaking']);
    const changed = changesAfter((p) => (p.descriptor.outputPorts[0].contractId = 'other-contract'));
    expect(changed[0]).toMatchObject({
      ruleId: 'output-port-contract-changed',
      class: 'breaking',
      ports: ['events'],
      before: 'play-events-events',
      after: 'other-contract',
    });
    const added = changesAfter((p) => p.descriptor.outputPorts.push({ name: 'daily', version: '1.0.0', contractId: 'play-events-events' }));
    expect(rules(added)).toEqual(['output-port-added:non-breaking']);
    expect(rules(changesAfter((p) => (p.descriptor.inputPorts = [])))).toEqual(['input-port-removed:non-breaking']);
  });

  it('pairs ports of several versions by name@version', () => {
    const two = (p: ProductFixture) =>
      (p.descriptor.outputPorts = [
        { name: 'events', version: '1.0.0', contractId: 'play-events-events' },
        { name: 'events', version: '2.0.0', contractId: 'play-events-events' },
      ]);
    const before = clone(base());
    two(before);
    const after = clone(before);
    after.descriptor.outputPorts.pop();
    const changes = diffProducts(toCandidate(before).documents, toCandidate(after).documents);
    expect(changes.map((c) => [c.ruleId, c.path])).toEqual([['output-port-removed', 'outputPorts.events']]);
    expect(changes[0].message).toContain('events@2.0.0');
  });

  it('classifies field removal, addition and type changes', () => {
    expect(changesAfter((p) => fields(p).splice(1, 1))[0]).toMatchObject({
      ruleId: 'field-removed',
      class: 'breaking',
      path: 'schema.play_events.listener_email',
      contractId: 'play-events-events',
      ports: ['events'],
    });
    expect(rules(changesAfter((p) => fields(p).push({ name: 'extra', logicalType: 'string' })))).toEqual(['field-added:non-breaking']);
    expect(rules(changesAfter((p) => (field(p, 'duration_ms').logicalType = 'number')))).toEqual(['field-type-changed:breaking']);
    expect(rules(changesAfter((p) => (field(p, 'event_id').physicalType = 'varchar(64)')))).toEqual(['field-type-widened:non-breaking']);
    expect(rules(changesAfter((p) => (field(p, 'event_id').physicalType = 'varchar(8)')))).toEqual(['field-type-changed:breaking']);
    expect(rules(changesAfter((p) => (field(p, 'duration_ms').physicalType = 'int')))).toEqual(['field-type-changed:breaking']);
  });

  it('names the likely new name of a removed field: the one field added beside it with the same types', () => {
    const renamed = changesAfter((p) => (field(p, 'listener_email').name = 'email'));
    expect(rules(renamed)).toEqual(['field-removed:breaking', 'field-added:non-breaking']);
    expect(renamed[0].message).toContain('field play_events.listener_email was removed (renamed to email?');
    // Two candidates, or another type: no guess.
    const two = changesAfter((p) => {
      const f = field(p, 'listener_email');
      f.name = 'email';
      fields(p).push({ ...f, name: 'mail' });
    });
    expect(two[0].message).toMatch(/was removed$/);
    const retyped = changesAfter((p) => Object.assign(field(p, 'listener_email'), { name: 'email', logicalType: 'integer' }));
    expect(retyped[0].message).toMatch(/was removed$/);
  });

  it('reports a removed schema object once, not each of its fields', () => {
    const changes = changesAfter((p) => (p.contracts.events.schema[0].name = 'plays_v2'));
    expect(rules(changes)).toEqual(['schema-object-removed:breaking', 'schema-object-added:non-breaking']);
  });

  it('classifies nullability, keys and classification', () => {
    expect(rules(changesAfter((p) => (field(p, 'duration_ms').required = true)))).toEqual(['field-made-required:breaking']);
    expect(rules(changesAfter((p) => (field(p, 'played_at').required = false)))).toEqual(['field-made-optional:breaking']);
    expect(rules(changesAfter((p) => (field(p, 'played_at').unique = true)))).toEqual(['field-unique-added:non-breaking']);
    expect(rules(changesAfter((p) => (field(p, 'event_id').primaryKey = false)))).toEqual(['field-primary-key-changed:breaking']);
    expect(rules(changesAfter((p) => (field(p, 'listener_email').classification = 'confidential')))).toEqual(['field-classification-changed:non-breaking']);
  });

  it('classifies constraints: tightened is breaking, loosened is not', () => {
    expect(rules(changesAfter((p) => (field(p, 'duration_ms').logicalTypeOptions = { minimum: 10 })))).toEqual(['field-constraint-tightened:breaking']);
    expect(rules(changesAfter((p) => (field(p, 'duration_ms').logicalTypeOptions = { minimum: -5 })))).toEqual(['field-constraint-loosened:non-breaking']);
    expect(rules(changesAfter((p) => (field(p, 'duration_ms').logicalTypeOptions = {})))).toEqual(['field-constraint-loosened:non-breaking']);
    expect(rules(changesAfter((p) => (field(p, 'duration_ms').logicalTypeOptions = { minimum: 0, maximum: 1000 })))).toEqual([
      'field-constraint-tightened:breaking',
    ]);
    expect(rules(changesAfter((p) => (field(p, 'event_id').logicalTypeOptions = { maxLength: 36 })))).toEqual(['field-constraint-tightened:breaking']);
    expect(rules(changesAfter((p) => (field(p, 'event_id').logicalTypeOptions = { pattern: '^[a-f0-9-]+$' })))).toEqual([
      'field-constraint-tightened:breaking',
    ]);
    const relaxed = clone(base());
    field(relaxed, 'event_id').logicalTypeOptions = { maxLength: 36, minLength: 36, pattern: '^a' };
    const looser = clone(relaxed);
    field(looser, 'event_id').logicalTypeOptions = { maxLength: 64, minLength: 1 };
    const changes = diffProducts(toCandidate(relaxed).documents, toCandidate(looser).documents);
    expect(rules(changes)).toEqual([
      'field-constraint-loosened:non-breaking',
      'field-constraint-loosened:non-breaking',
      'field-constraint-loosened:non-breaking',
    ]);
    const narrower = clone(relaxed);
    field(narrower, 'event_id').logicalTypeOptions = { maxLength: 36, minLength: 36, pattern: '^ab' };
    expect(rules(diffProducts(toCandidate(relaxed).documents, toCandidate(narrower).documents))).toEqual(['field-constraint-tightened:breaking']);
  });

  it('classifies allowed values (enums)', () => {
    const validValues = (p: ProductFixture) => field(p, 'platform').quality[0].arguments.validValues as string[];
    const removed = changesAfter((p) => validValues(p).splice(2, 1));
    expect(removed).toEqual([expect.objectContaining({ ruleId: 'field-enum-value-removed', class: 'breaking', before: 'web', ports: ['events'] })]);
    expect(rules(changesAfter((p) => validValues(p).push('tv')))).toEqual(['field-enum-value-added:non-breaking']);
    expect(rules(changesAfter((p) => (field(p, 'platform').quality = [])))).toEqual(['field-constraint-loosened:non-breaking']);
    expect(rules(changesAfter((p) => (field(p, 'event_id').quality = [{ metric: 'invalidValues', arguments: { validValues: ['a'] }, mustBe: 0 }])))).toEqual([
      'field-constraint-tightened:breaking',
    ]);
  });

  it('classifies SLA changes with durations in days', () => {
    const sla = (p: ProductFixture) => p.contracts.events.slaProperties as Array<Record<string, any>>;
    const retention = (p: ProductFixture) => sla(p).find((s) => s.property === 'retention')!;
    expect(changesAfter((p) => Object.assign(retention(p), { value: 6, unit: 'months' }))[0]).toMatchObject({
      ruleId: 'sla-weakened',
      class: 'breaking',
      ports: ['events'],
      message: 'SLA retention weakened: 1 year -> 180 days',
    });
    expect(rules(changesAfter((p) => Object.assign(retention(p), { value: 'P2Y', unit: undefined })))).toEqual(['sla-strengthened:non-breaking']);
    expect(rules(changesAfter((p) => Object.assign(retention(p), { value: 12, unit: 'months' })))).toEqual(['sla-weakened:breaking']);
    expect(rules(changesAfter((p) => Object.assign(sla(p)[1], { value: 30, unit: 'min' })))).toEqual(['sla-strengthened:non-breaking']);
    expect(rules(changesAfter((p) => Object.assign(sla(p)[1], { value: 1, unit: 'd' })))).toEqual(['sla-weakened:breaking']);
    expect(rules(changesAfter((p) => Object.assign(sla(p)[2], { value: 2, unit: 'd' })))).toEqual(['sla-weakened:breaking']);
    expect(rules(changesAfter((p) => sla(p).splice(0, 1)))).toEqual(['sla-removed:breaking']);
    expect(rules(changesAfter((p) => sla(p).push({ property: 'availability', value: '99.9%' })))).toEqual(['sla-added:non-breaking']);
    expect(rules(changesAfter((p) => sla(p).push({ property: 'Retention', value: 1, unit: 'y', element: 'play_events.played_at' })))).toEqual([
      'sla-added:non-breaking',
    ]);
  });

  it('ranks availability and leaves unknown SLA properties unranked', () => {
    const withSla = (value: unknown, property = 'availability') => {
      const p = clone(base());
      p.contracts.events.slaProperties = [{ property, value }];
      return toCandidate(p).documents;
    };
    expect(rules(diffProducts(withSla('99.9%'), withSla('99.5%')))).toEqual(['sla-weakened:breaking']);
    expect(rules(diffProducts(withSla(99.5), withSla(99.9)))).toEqual(['sla-strengthened:non-breaking']);
    expect(rules(diffProducts(withSla('09:00', 'timeOfAvailability'), withSla('10:00', 'timeOfAvailability')))).toEqual(['sla-changed:non-breaking']);
  });

  it('reports metadata changes as non-breaking', () => {
    const changes = changesAfter((p) => {
      p.descriptor.description.purpose = 'New purpose.';
      p.descriptor.tags = ['streaming', 'player'];
      p.descriptor.status = 'deprecated';
    });
    expect(changes.map((c) => [c.ruleId, c.path])).toEqual([
      ['product-metadata-changed', 'status'],
      ['product-metadata-changed', 'description.purpose'],
    ]);
  });

  it('orders breaking changes first and names the affected ports', () => {
    const changes = changesAfter((p) => {
      fields(p).push({ name: 'extra', logicalType: 'string' });
      fields(p).splice(0, 1);
    });
    expect(changes.map((c) => c.class)).toEqual(['breaking', 'non-breaking']);
    expect(affectedPorts(changes)).toEqual(['events']);
  });

  it('gives every rule a class and an explanation', () => {
    for (const [id, rule] of Object.entries(CHANGE_RULES)) {
      expect(id).toMatch(/^[a-z]+(-[a-z]+)+$/);
      expect(['breaking', 'non-breaking', 'ownership']).toContain(rule.class);
      expect(rule.about.length).toBeGreaterThan(10);
    }
  });
});

describe('isWidening', () => {
  it.each([
    ['varchar(64)', 'varchar(128)', true],
    ['varchar(64)', 'varchar(64)', false],
    ['varchar(64)', 'varchar(32)', false],
    ['decimal(10,2)', 'decimal(12,2)', true],
    ['decimal(10,2)', 'decimal(12,1)', false],
    ['int', 'bigint', true],
    ['bigint', 'int', false],
    ['float', 'double', true],
    ['varchar(64)', 'text', false],
  ])('%s -> %s: %s', (a, b, expected) => {
    expect(isWidening(a, b)).toBe(expected);
  });
});
