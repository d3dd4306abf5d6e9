import { describe, expect, it } from 'vitest';
import { toDays } from '../../src/descriptor/duration.js';
import { slaElements } from '../../src/descriptor/sla-elements.js';
import { canonicalSla, findSla } from '../../src/descriptor/sla.js';

describe('SLA properties as ODCS defines them', () => {
  it('reads names case-insensitively, with their synonyms, and freshness as latency', () => {
    expect(canonicalSla('Retention')).toBe('retention');
    expect(canonicalSla('RE')).toBe('retention');
    expect(canonicalSla('ly')).toBe('latency');
    expect(canonicalSla('freshness')).toBe('latency');
    expect(canonicalSla('timeofavailability')).toBe('timeOfAvailability');
    expect(canonicalSla('dataSteward')).toBeUndefined();
    expect(findSla({ slaProperties: [{ property: 'fy', value: 1, unit: 'd' }] }, 'frequency')?.index).toBe(0);
  });

  it('reads durations: value and unit, value with unit, ISO 8601, period words; m is a minute', () => {
    expect(toDays(1, 'y')).toBe(365);
    expect(toDays(2, 'a')).toBe(730);
    expect(toDays('500ms')).toBeCloseTo(500 / 86_400_000);
    expect(toDays('4 h')).toBeCloseTo(4 / 24);
    expect(toDays(30, 'm')).toBeCloseTo(30 / 1440);
    expect(toDays(3, 'mo')).toBe(90);
    expect(toDays('P1Y')).toBe(365);
    expect(toDays('daily')).toBe(1);
    expect(toDays('forever')).toBe(Infinity);
    expect(toDays(4)).toBeUndefined();
    expect(toDays(4, 'fortnights')).toBeUndefined();
    expect(toDays('0 0 * * *')).toBeUndefined();
  });

  it('knows the elements a contract offers: objects, object.property, nested, and bare properties of a single object', () => {
    const one = {
      schema: [{ name: 'orders', physicalName: 'orders_v2', properties: [{ name: 'id' }, { name: 'customer', properties: [{ name: 'email' }] }] }],
    };
    const elements = slaElements(one);
    for (const e of ['orders', 'orders_v2', 'orders.id', 'orders_v2.id', 'orders.customer.email', 'id', 'customer.email'])
      expect(elements.has(e), e).toBe(true);
    const two = slaElements({ schema: [{ name: 'a', properties: [{ name: 'x' }] }, { name: 'b' }] });
    expect(two.has('x')).toBe(false);
    expect(two.has('a.x')).toBe(true);
    expect(slaElements({}).size).toBe(0);
  });
});
