/**
 * Data Contract Specification service levels to ODCS v3.1.0 `slaProperties`:
 * availability (percent), retention, latency, freshness and frequency become
 * SLA properties with a value, a unit and the element they are measured on;
 * support and backup have no ODCS SLA property and are kept as custom
 * properties of the contract. See docs/convert.md for each reading.
 */
import type { Node, YAMLMap } from 'yaml';
import type { CustomBag } from '../notes.js';
import { asMap, commentsOf, get, keyOf, pairs, plain, text, toNode, valueNode, type AnyPair } from '../nodes.js';
import { cronPeriod, parseDuration, parseInterval, parsePercent, type SlaValue } from '../duration.js';
import type { Path } from '../types.js';
import type { DcsContext } from './context.js';

type Sla = Record<string, unknown>;

interface Level {
  /** The source keys of the level this reading uses. */
  uses: string[];
  read(level: YAMLMap, path: Path, ctx: DcsContext): Sla | undefined;
}

function withValue(property: string, value: SlaValue): Sla {
  return value.unit === undefined ? { property, value: value.value } : { property, value: value.value, unit: value.unit };
}

function duration(level: YAMLMap, key: string, property: string, path: Path, ctx: DcsContext): Sla | undefined {
  const raw = get(level, key);
  if (raw === undefined) return undefined;
  const parsed = parseDuration(plain(raw));
  if (parsed) return withValue(property, parsed);
  ctx.notes.add('changed', raw, [...path, key], `\`${text(raw)}\` is not a duration dp can read: written as the SLA value as it is`);
  return { property, value: text(raw) ?? null };
}

function elements(level: YAMLMap, keys: string[]): string | undefined {
  const names = keys.map((k) => text(get(level, k))).filter((n): n is string => Boolean(n));
  return names.length > 0 ? names.join(', ') : undefined;
}

const LEVELS: Record<string, Level> = {
  availability: {
    uses: ['percentage'],
    read(level, path, ctx) {
      const raw = get(level, 'percentage');
      const percent = parsePercent(plain(raw));
      if (percent === undefined) {
        if (raw !== undefined)
          ctx.notes.add('changed', raw, [...path, 'percentage'], `\`${text(raw)}\` is not a percentage: written as the SLA value as it is`);
        return raw === undefined ? undefined : { property: 'availability', value: text(raw) ?? null };
      }
      return { property: 'availability', value: percent, unit: 'percent' };
    },
  },
  retention: {
    uses: ['period', 'unlimited', 'timestampField'],
    read(level, path, ctx) {
      const element = elements(level, ['timestampField']);
      if (plain(get(level, 'unlimited')) === true) {
        ctx.notes.add(
          'changed',
          get(level, 'unlimited'),
          [...path, 'unlimited'],
          '`unlimited: true` written as `value: unlimited` (ODCS defines no value for keeping data forever)',
        );
        return { property: 'retention', value: 'unlimited', ...(element ? { element } : {}) };
      }
      const sla = duration(level, 'period', 'retention', path, ctx);
      return sla && element ? { ...sla, element } : sla;
    },
  },
  latency: {
    uses: ['threshold', 'sourceTimestampField', 'processedTimestampField'],
    read(level, path, ctx) {
      const sla = duration(level, 'threshold', 'latency', path, ctx);
      const element = elements(level, ['sourceTimestampField', 'processedTimestampField']);
      return sla && element ? { ...sla, element } : sla;
    },
  },
  freshness: {
    uses: ['threshold', 'timestampField'],
    read(level, path, ctx) {
      const sla = duration(level, 'threshold', 'freshness', path, ctx);
      const element = elements(level, ['timestampField']);
      return sla && element ? { ...sla, element } : sla;
    },
  },
  frequency: {
    uses: ['interval', 'cron'],
    read(level, path, ctx) {
      const cron = text(get(level, 'cron'));
      const period = parseInterval(plain(get(level, 'interval'))) ?? cronPeriod(cron);
      if (!period && !cron) return undefined;
      if (!period)
        ctx.notes.add(
          'changed',
          get(level, 'cron'),
          [...path, 'cron'],
          'the cron expression does not fire at a regular period: written as the SLA value, with `scheduler: cron`',
        );
      const sla = period ? withValue('frequency', period) : { property: 'frequency', value: cron };
      return cron ? { ...sla, scheduler: 'cron', schedule: cron } : sla;
    },
  },
};

function convertLevel(from: AnyPair, section: string, ctx: DcsContext, bag: CustomBag): YAMLMap | undefined {
  const name = keyOf(from);
  const path: Path = [section, name];
  const level = asMap(from.value);
  const reading = LEVELS[name];
  const sla = reading && level ? reading.read(level, path, ctx) : undefined;
  if (!sla) {
    bag.keep(
      `${section}.${name}`,
      valueNode(from),
      from,
      path,
      reading ? 'it has no value an ODCS SLA property can hold' : 'ODCS v3.1.0 has no SLA property for it',
    );
    return undefined;
  }
  const description = text(get(level, 'description'));
  if (description) sla.description = description;
  for (const p of pairs(level)) {
    const key = keyOf(p);
    if (key !== 'description' && !reading.uses.includes(key))
      bag.keep(`${section}.${name}.${key}`, valueNode(p), p, [...path, key], 'ODCS SLA properties have no place for it');
  }
  const node = toNode(sla) as YAMLMap;
  const comment = commentsOf(from);
  if (comment) node.commentBefore = comment;
  return node;
}

/** The `slaProperties` list; levels that do not fit go to the contract's custom properties (`bag`). */
export function convertServiceLevels(node: Node | null | undefined, ctx: DcsContext, bag: CustomBag, section = 'servicelevels'): YAMLMap[] {
  return pairs(asMap(node))
    .map((p) => convertLevel(p, section, ctx, bag))
    .filter((n): n is YAMLMap => n !== undefined);
}
