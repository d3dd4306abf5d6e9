/**
 * ODCS v2 quality entries to v3.1.0 rules, as the v3.0.0 changelog says:
 * `toolName` becomes a `custom` rule's `engine` (its `toolRuleName`, or else
 * `code`, the implementation), `scheduleCronExpression` becomes `schedule`
 * with `scheduler: cron`, `templateName` a custom property; an entry naming no
 * tool is a `text` rule. A table-level entry for one `column` moves to that
 * property.
 */
import { isMap, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { CustomBag } from '../notes.js';
import { asSeq, get, pair, plain, text, valueNode } from '../nodes.js';
import { DIMENSIONS, type QualityContext } from '../quality.js';
import { rewriteMap, type Handler } from '../rewrite.js';
import type { Path } from '../types.js';

export interface V2Rule {
  rule: YAMLMap;
  /** The one column the entry is about (`column`), to place it on that property. */
  column?: string;
}

const KEPT = ['description', 'severity', 'businessImpact', 'name', 'customProperties', 'tags'];

function implementationOf(entry: YAMLMap): { key: string; value: string } | undefined {
  for (const key of ['toolRuleName', 'code', 'templateName']) {
    const value = text(get(entry, key));
    if (value) return { key, value };
  }
  return undefined;
}

function convertEntry(entry: YAMLMap, path: Path, ctx: QualityContext, owner: Path): V2Rule {
  const bag = new CustomBag(ctx.notes, owner, ctx.label);
  const tool = text(get(entry, 'toolName'));
  const implementation = tool ? implementationOf(entry) : undefined;
  const keep = (from: Parameters<Handler>[0], key: string, why?: string): [] => {
    bag.keep(key, valueNode(from), from, [...path, key], why);
    return [];
  };
  const handlers: Record<string, Handler> = {
    toolName: (from) => (tool ? [pair('type', 'custom', from), pair('engine', tool)] : []),
    [implementation?.key ?? '\u0000']: (from) => [pair('implementation', implementation!.value, from)],
    scheduleCronExpression: (from) => [pair('schedule', text(from.value) ?? '', from), pair('scheduler', 'cron')],
    dimension: (from, key) => {
      const value = text(from.value)?.toLowerCase();
      return value && DIMENSIONS.includes(value) ? [pair('dimension', value, from)] : keep(from, key, `ODCS v3.1.0 dimensions are ${DIMENSIONS.join(', ')}`);
    },
    type: (from, key) => keep(from, key, 'the v2 quality type is not the v3 rule type (text, library, sql, custom)'),
    column: (from, key) => (typeof plain(from.value) === 'string' ? [] : keep(from, key)),
  };
  const rule = rewriteMap(entry, handlers, (from, key) => (KEPT.includes(key) ? [from as Pair<Scalar, Node>] : keep(from, key)));
  if (!tool) {
    rule.items.unshift(pair('type', 'text'));
    if (!get(rule, 'description')) rule.items.push(pair('description', 'quality check carried over from ODCS v2 (see its custom properties)'));
  } else if (!implementation) {
    rule.items.push(pair('implementation', ''));
    ctx.notes.add('invalid', entry, path, `the quality entry names the tool \`${tool}\` but no rule, code or template to run`, {
      hint: 'write the check under `implementation`',
    });
  }
  bag.flushInto(rule);
  return { rule, column: text(get(entry, 'column')) };
}

export function convertV2Rules(list: Node | undefined, path: Path, ctx: QualityContext, owner: Path): V2Rule[] {
  const items = asSeq(list)?.items ?? [];
  return items.map((item, i) => {
    const at = [...owner, 'quality', i];
    if (isMap(item)) return convertEntry(item, [...path, i], ctx, at);
    ctx.notes.add('changed', item, [...path, i], 'a quality entry that is not a mapping was written as a text rule');
    return { rule: pair('x', { type: 'text', description: String(plain(item)) }).value as YAMLMap };
  });
}
