/**
 * The contract-level `quality` section of Data Contract Specification 0.9 to
 * 1.x (deprecated there): `type` (SodaCL, great-expectations, montecarlo...)
 * and a `specification` per model (`checks for orders:` in SodaCL, `orders:` in
 * Great Expectations). ODCS has no contract-level quality, so each model's part
 * becomes a `custom` rule of that schema object.
 */
import { stringify, type YAMLMap } from 'yaml';
import type { CustomBag } from '../notes.js';
import { asMap, get, keyOf, pairs, plain, text, toNode, valueNode, type AnyPair } from '../nodes.js';
import type { DcsContext } from './context.js';
import { addQuality } from './models.js';

const ENGINES: Record<string, string> = {
  sodacl: 'soda',
  soda: 'soda',
  'great-expectations': 'great-expectations',
  greatexpectations: 'great-expectations',
  montecarlo: 'montecarlo',
};

function implementationText(value: unknown): string {
  return typeof value === 'string' ? value : stringify(value);
}

function rule(engine: string, implementation: string, description: string | undefined): YAMLMap {
  const out: Record<string, unknown> = { type: 'custom', engine, implementation };
  if (description) out.description = description;
  return toNode(out) as YAMLMap;
}

export function distributeLegacyQuality(from: AnyPair, ctx: DcsContext, topBag: CustomBag): void {
  const section = asMap(from.value);
  const declared = text(get(section, 'type')) ?? 'custom';
  const engine = ENGINES[declared.toLowerCase()] ?? declared;
  const description = text(get(section, 'description'));
  const specification = get(section, 'specification');
  const perModel = asMap(specification);
  const models = [...ctx.objects.keys()];
  const placed: string[] = [];
  if (perModel) {
    for (const part of pairs(perModel)) {
      const model = keyOf(part).replace(/^checks for\s+/i, '');
      const object = ctx.objects.get(model);
      if (!object) {
        topBag.keep(
          `quality.specification.${keyOf(part)}`,
          valueNode(part),
          part,
          ['quality', 'specification', keyOf(part)],
          `it names no model of the contract (${models.join(', ') || 'none'})`,
        );
        continue;
      }
      const body = engine === 'soda' ? { [keyOf(part)]: plain(part.value) } : plain(part.value);
      addQuality(object, [rule(engine, implementationText(body), description)]);
      placed.push(model);
    }
  } else if (specification !== undefined && models.length === 1) {
    addQuality(ctx.objects.get(models[0])!, [rule(engine, implementationText(plain(specification)), description)]);
    placed.push(models[0]);
  } else if (specification !== undefined) {
    topBag.keep('quality', valueNode(from), from, ['quality'], 'the contract-level quality section names no single model to attach it to');
  }
  if (placed.length > 0) {
    ctx.notes.add(
      'changed',
      from,
      ['quality'],
      `the contract-level quality section (deprecated in the Data Contract Specification) became \`custom\` rules (engine \`${engine}\`) of ${placed.map((m) => `\`${m}\``).join(', ')}`,
    );
  }
  for (const p of pairs(section)) {
    if (!['type', 'specification', 'description'].includes(keyOf(p))) topBag.keep(`quality.${keyOf(p)}`, valueNode(p), p, ['quality', keyOf(p)]);
  }
}
