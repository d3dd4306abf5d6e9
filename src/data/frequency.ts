/**
 * SLA `frequency` from the history of published runs: how often the data was
 * refreshed, as the runs of one port and server saw it. A run sees a refresh
 * when its watermark (the newest value of the object's --since column) is newer
 * than every earlier run's; the refresh is dated by that watermark, the time of
 * the data itself, so the measure does not depend on when dp test ran. The
 * measured value is the longest interval between two successive refreshes over
 * the last HISTORY_RUNS published runs and this one; it must be at most the
 * promise. With fewer than two refreshes there is no interval yet, and the check
 * is listed as not testable.
 */
import type { StoredRun } from '../catalog/runs.js';
import { formatSeconds } from './format.js';
import type { HistoryCheck } from './plan.js';
import { listed, type Owner } from './results.js';
import type { CheckResult, ObjectRun } from './types.js';

/** Published runs of a port and server read to measure a frequency. */
export const HISTORY_RUNS = 30;

/** The watermark (epoch ms) a run's objects give for this check: its element's object, else the oldest of all. */
export function watermarkFor(objects: readonly Pick<ObjectRun, 'object' | 'watermark'>[], object: string | undefined): number | undefined {
  const marks = objects.filter((o) => o.watermark !== undefined && (object === undefined || o.object === object)).map((o) => Date.parse(o.watermark!));
  return marks.length === 0 ? undefined : Math.min(...marks);
}

/** The times of the refreshes, oldest first, in watermarks listed oldest run first. */
export function refreshes(watermarks: Array<number | undefined>): number[] {
  const out: number[] = [];
  for (const mark of watermarks) if (mark !== undefined && (out.length === 0 || mark > out[out.length - 1])) out.push(mark);
  return out;
}

/** The longest interval between successive refreshes, in seconds; undefined with fewer than two. */
export function longestInterval(times: number[]): number | undefined {
  if (times.length < 2) return undefined;
  let longest = 0;
  for (let i = 1; i < times.length; i += 1) longest = Math.max(longest, times[i] - times[i - 1]);
  return longest / 1000;
}

/**
 * The verdict on a frequency check: `history` holds the port's published runs on this server,
 * newest first (undefined without a catalog), `objects` what this run read.
 */
export function frequencyResult(check: HistoryCheck, owner: Omit<Owner, 'object'>, history: StoredRun[] | undefined, objects: ObjectRun[]): CheckResult {
  const common = { ...owner, object: check.object ?? '' };
  if (history === undefined)
    return listed(common, {
      ...check,
      reason: 'frequency is measured from the history of published test runs: give a catalog (--publish, --catalog, DP_CATALOG or dp.config.yaml)',
    });
  const marks = [...history].reverse().map((run) => watermarkFor(run.objects, check.object));
  marks.push(watermarkFor(objects, check.object));
  const times = refreshes(marks);
  const seconds = longestInterval(times);
  if (seconds === undefined) {
    const why = marks.every((m) => m === undefined)
      ? 'the runs carry no watermark (no latency element or date partition column dates the data)'
      : `the published runs and this one saw ${times.length} refresh${times.length === 1 ? '' : 'es'} of the data; an interval needs two`;
    return listed(common, { ...check, reason: why });
  }
  const ok = seconds <= check.seconds;
  const shown = `longest interval between ${times.length} refreshes ${formatSeconds(seconds)}`;
  return {
    ...common,
    field: check.field,
    check: check.check,
    category: check.category,
    status: ok ? 'passed' : 'failed',
    measured: seconds,
    unit: 'seconds',
    threshold: { operator: 'mustBeLessOrEqualTo', value: check.seconds },
    expected: check.expected,
    severity: check.severity,
    dimension: check.dimension,
    message: ok ? `${shown} (at most ${formatSeconds(check.seconds)})` : `${shown}, expected at most ${formatSeconds(check.seconds)}`,
    location: check.location,
  };
}
