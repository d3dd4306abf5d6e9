/** SLA frequency from published runs: refreshes dated by watermarks, the longest interval, and when there is not enough history. */
import { describe, expect, it } from 'vitest';
import { frequencyResult, longestInterval, refreshes, watermarkFor } from '../../src/data/frequency.js';
import type { HistoryCheck } from '../../src/data/plan.js';
import type { StoredRun } from '../../src/catalog/runs.js';

const H = 3600_000;
const t = (hours: number) => Date.UTC(2026, 2, 1) + hours * H;
const iso = (hours: number) => new Date(t(hours)).toISOString();
const check: HistoryCheck = {
  category: 'sla',
  check: 'frequency',
  severity: 'error',
  dimension: 'timeliness',
  location: { file: 'c.odcs.yaml', line: 3, column: 5, endLine: 3, endColumn: 20 },
  expected: 'refreshed at least every 1 d',
  seconds: 86_400,
};
const owner = { product: 'p', port: 'events', contract: 'c', server: 'local' };
const stored = (hours: number | undefined): StoredRun =>
  ({ objects: [{ object: 'plays', ...(hours === undefined ? {} : { watermark: iso(hours) }) }] }) as StoredRun;

describe('frequency', () => {
  it('dates a refresh by the first run that saw a newer watermark, ignoring runs that saw none or an older one', () => {
    expect(refreshes([t(0), t(0), undefined, t(20), t(10), t(44)])).toEqual([t(0), t(20), t(44)]);
    expect(longestInterval([t(0), t(20), t(44)])).toBe(24 * 3600);
    expect(longestInterval([t(0)])).toBeUndefined();
  });

  it("takes the element's object watermark, else the oldest of every object", () => {
    const objects = [{ object: 'a', watermark: iso(5) }, { object: 'b', watermark: iso(2) }, { object: 'c' }];
    expect(watermarkFor(objects, 'a')).toBe(t(5));
    expect(watermarkFor(objects, undefined)).toBe(t(2));
    expect(watermarkFor(objects, 'c')).toBeUndefined();
  });

  it('passes at the promise, fails beyond it, and lists itself as not tested without a catalog or two refreshes', () => {
    const newestFirst = [stored(24), stored(12), stored(0)];
    expect(frequencyResult(check, owner, newestFirst, [{ object: 'plays', watermark: iso(48) }])).toMatchObject({
      status: 'passed',
      measured: 86_400,
      threshold: { operator: 'mustBeLessOrEqualTo', value: 86_400 },
    });
    const late = frequencyResult(check, owner, newestFirst, [{ object: 'plays', watermark: iso(50) }]);
    expect(late).toMatchObject({ status: 'failed', measured: 26 * 3600, message: 'longest interval between 4 refreshes 1 d 2 h, expected at most 1 d' });
    expect(frequencyResult(check, owner, undefined, [])).toMatchObject({ status: 'skipped', message: expect.stringMatching(/give a catalog/) });
    expect(frequencyResult(check, owner, [], [{ object: 'plays', watermark: iso(1) }])).toMatchObject({
      status: 'skipped',
      message: expect.stringMatching(/saw 1 refresh/),
    });
    expect(frequencyResult(check, owner, [stored(undefined)], [{ object: 'plays' }])).toMatchObject({
      status: 'skipped',
      message: expect.stringMatching(/carry no watermark/),
    });
  });
});
