/**
 * The Data Contract Specification's `info` and `terms` to ODCS v3.1.0
 * fundamentals: title, version and status; description, usage and
 * limitations (`description`); the owner (`team.name`); contacts (`support`);
 * policies (`description.authoritativeDefinitions`); billing (`price`, when it
 * reads as an amount, a currency and a unit).
 */
import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import type { CustomBag } from '../notes.js';
import { asMap, asSeq, get, keyOf, pair, pairs, plain, text, toNode, valueNode, type AnyPair } from '../nodes.js';
import { renamed, rewriteMap, type Emit } from '../rewrite.js';
import type { Path } from '../types.js';
import { bagFor, type DcsContext } from './context.js';

/** Parts of the output that several source sections fill. */
export interface Shared {
  description: YAMLMap;
  descriptionBag: CustomBag;
  descriptionWritten: boolean;
  topBag: CustomBag;
}

/** The `description` pair, the first time one of its sources is met (and once it has content). */
export function descriptionOnce(shared: Shared): Emit {
  if (shared.descriptionWritten || (shared.description.items.length === 0 && shared.descriptionBag.size === 0)) return [];
  shared.descriptionWritten = true;
  return [pair('description', shared.description)];
}

function supportItems(contact: AnyPair, ctx: DcsContext): YAMLMap[] {
  const map = asMap(contact.value);
  const name = text(get(map, 'name'));
  const url = text(get(map, 'url'));
  const email = text(get(map, 'email'));
  const items: Array<Record<string, string>> = [];
  if (url) items.push({ channel: name ?? 'contact', url });
  if (email) items.push({ channel: url || !name ? 'email' : name, url: `mailto:${email}` });
  if (items.length === 0 && name) items.push({ channel: name });
  const nodes = items.map((i) => toNode(i) as YAMLMap);
  const extra = pairs(map).filter((p) => !['name', 'url', 'email'].includes(keyOf(p)));
  if (extra.length > 0) {
    const target = nodes[0] ?? (toNode({ channel: 'contact' }) as YAMLMap);
    if (nodes.length === 0) nodes.push(target);
    const bag = bagFor(ctx, ['support', 0]);
    for (const p of extra) bag.keep(keyOf(p), valueNode(p), p, ['info', 'contact', keyOf(p)]);
    bag.flushInto(target);
  }
  return nodes;
}

/** What `info` becomes, at its place: name, version, status, description, team, support. */
export function convertInfo(from: AnyPair, ctx: DcsContext, shared: Shared): Emit {
  const info = asMap(from.value);
  const described = pairs(info).find((p) => keyOf(p) === 'description');
  if (described) setPurpose(described, ['info', 'description'], shared);
  const out = rewriteMap(
    info,
    {
      title: (p) => [renamed(p, 'name')],
      version: (p) => [pair('version', text(p.value) ?? '', p)],
      status: (p) => [p as Pair<Scalar, Node>],
      description: () => descriptionOnce(shared),
      owner: (p) => [pair('team', { name: text(p.value) ?? '' }, p)],
      contact: (p) => [pair('support', supportItems(p, ctx), p)],
    },
    (p, key) => {
      shared.topBag.keep(`info.${key}`, valueNode(p), p, ['info', key]);
      return [];
    },
  );
  return out.items as Emit;
}

/** Policies with a URL become authoritative definitions of the description; the others are kept. */
function policies(from: AnyPair, shared: Shared): void {
  const list = asSeq(from.value)?.items ?? [];
  const definitions: Array<Record<string, string>> = [];
  list.forEach((item, i) => {
    const policy = plain(item) as Record<string, unknown> | null;
    const url = typeof policy?.url === 'string' ? policy.url : undefined;
    if (!url) {
      shared.descriptionBag.keep('policy', item as Node, item, ['terms', 'policies', i], 'ODCS authoritative definitions need a URL');
      return;
    }
    const type = String(policy?.type ?? policy?.name ?? 'policy');
    const entry: Record<string, string> = { type, url };
    const description = [
      policy?.name !== undefined && policy?.type !== undefined ? String(policy.name) : undefined,
      typeof policy?.description === 'string' ? policy.description : undefined,
    ]
      .filter(Boolean)
      .join(': ');
    if (description) entry.description = description;
    definitions.push(entry);
  });
  if (definitions.length > 0) shared.description.items.push(pair('authoritativeDefinitions', definitions, from));
}

const PRICE = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]{3}|[$€£])\s*(?:per|\/|a|each)\s+(.+?)\s*$/;
const SIGN_FIRST = /^\s*([$€£])\s*(\d+(?:\.\d+)?)\s*(?:per|\/|a|each)\s+(.+?)\s*$/;
const CURRENCY_SIGNS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP' };

/** `5000 USD per month` as an ODCS price; undefined when the text is not that simple. */
export function parsePrice(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string') return undefined;
  const signed = SIGN_FIRST.exec(value);
  const match = signed ? [signed[0], signed[2], signed[1], signed[3]] : PRICE.exec(value);
  if (!match) return undefined;
  const currency = CURRENCY_SIGNS[match[2]] ?? match[2].toUpperCase();
  return { priceAmount: Number(match[1]), priceCurrency: currency, priceUnit: match[3] };
}

/** What `terms` becomes: usage and limitations in `description` (written at the first of info/terms), a price. */
export function convertTerms(from: AnyPair, ctx: DcsContext, shared: Shared): Emit {
  const terms = asMap(from.value);
  const out: Emit = [];
  const path: Path = ['terms'];
  for (const p of pairs(terms)) {
    const key = keyOf(p);
    if (key === 'usage' || key === 'limitations') shared.description.items.push(p as Pair<Scalar, Node>);
    else if (key === 'description') setPurpose(p, [...path, key], shared);
    else if (key === 'policies') policies(p, shared);
    else if (key === 'billing' && parsePrice(plain(p.value))) {
      out.push(pair('price', parsePrice(plain(p.value)), p));
      ctx.notes.add('changed', p, [...path, key], `billing \`${text(p.value)}\` written as an ODCS price (amount, currency, unit)`);
    } else
      shared.descriptionBag.keep(
        key,
        valueNode(p),
        p,
        [...path, key],
        key === 'billing' ? 'it does not read as an amount, a currency and a unit for an ODCS price' : undefined,
      );
  }
  return [...descriptionOnce(shared), ...out];
}

/** The description's purpose; a second one (`info.description` and `terms.description`) is kept aside. */
function setPurpose(from: AnyPair, path: Path, shared: Shared): void {
  if (get(shared.description, 'purpose') !== undefined) {
    shared.descriptionBag.keep('description', valueNode(from), from, path, 'the purpose is already taken by the other description');
    return;
  }
  shared.description.items.unshift(pair('purpose', from.value));
}
