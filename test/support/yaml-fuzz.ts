/** Deterministic generators of YAML texts for differential tests of the fast parser. */
import { stringify } from 'yaml';

export { seeded as rng } from './random.js';

const STRINGS = [
  'plain',
  'two words',
  'with: colon',
  'a:b',
  'hash # inside',
  'a#b',
  '#start',
  "it's",
  'say "hi"',
  ' leading',
  'trailing ',
  'true',
  'False',
  'null',
  '~',
  '',
  '1.0',
  '1.0.0',
  '0o17',
  '0x1F',
  '-5',
  '+3',
  '.inf',
  '.NaN',
  '1e3',
  '09:00-08:00',
  'http://x.example/a?b=1#c',
  'line1\nline2',
  'para1\n\npara2\n',
  'trail\n\n',
  '- dash',
  '[x]',
  '{y}',
  'a, b',
  '*star',
  '&amp',
  '!bang',
  '%pct',
  '@at',
  '`tick`',
  '|pipe',
  '>gt',
  'ünïcødé',
  'emoji 🎵',
  'tab\there',
  '\\back\\slash',
  '   ',
  'x'.repeat(90),
  'yes',
  'no',
  'on',
  '<script>alert(1)</script>',
];
const KEYS = [
  'id',
  'name',
  'version',
  'kind',
  'a b',
  'with-dash',
  'snake_case',
  'camelCase',
  '__proto__',
  'constructor',
  'toString',
  'x:y',
  'q"uote',
  "s'ingle",
  '#hash',
  'ünï',
  '1',
  'true',
  'null',
  '',
];

export function randomValue(r: () => number, depth: number): unknown {
  const roll = r();
  if (depth < 4 && roll < 0.25) {
    const map: Record<string, unknown> = {};
    const n = Math.floor(r() * 5);
    for (let i = 0; i < n; i += 1)
      Object.defineProperty(map, KEYS[Math.floor(r() * KEYS.length)], {
        value: randomValue(r, depth + 1),
        enumerable: true,
        configurable: true,
        writable: true,
      });
    return map;
  }
  if (depth < 4 && roll < 0.45) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  if (roll < 0.55) return Math.floor(r() * 2000) - 1000;
  if (roll < 0.6) return r() * 100;
  if (roll < 0.65) return r() < 0.5;
  if (roll < 0.68) return null;
  return STRINGS[Math.floor(r() * STRINGS.length)];
}

export function randomDocument(r: () => number): string {
  const root: Record<string, unknown> = {};
  const n = 1 + Math.floor(r() * 6);
  for (let i = 0; i < n; i += 1) root[`${KEYS[Math.floor(r() * KEYS.length)]}${i}`] = randomValue(r, 0);
  const types = ['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const;
  return stringify(root, {
    indent: r() < 0.7 ? 2 : 4,
    indentSeq: r() < 0.5,
    defaultStringType: types[Math.floor(r() * types.length)],
    defaultKeyType: r() < 0.8 ? 'PLAIN' : 'QUOTE_DOUBLE',
    collectionStyle: r() < 0.15 ? 'flow' : 'any',
    lineWidth: r() < 0.2 ? 20 : 80,
    flowCollectionPadding: r() < 0.5,
  });
}

const INSERTS = [
  ': ',
  ':',
  '#',
  ' #x',
  '-',
  '- ',
  ' ',
  '  ',
  '\t',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  '|',
  '>',
  '|-',
  '>+',
  '\n',
  '\n  ',
  '&a ',
  '*a',
  '!!str ',
  '---\n',
  '? ',
  '\\',
  '\r\n',
];

export function mutate(text: string, r: () => number): string {
  const pos = Math.floor(r() * (text.length + 1));
  const op = r();
  if (op < 0.4) return text.slice(0, pos) + INSERTS[Math.floor(r() * INSERTS.length)] + text.slice(pos);
  if (op < 0.7) return text.slice(0, pos) + text.slice(pos + 1 + Math.floor(r() * 3));
  const lines = text.split('\n');
  const i = Math.floor(r() * lines.length);
  if (op < 0.85) lines[i] = ` ${lines[i]}`;
  else lines.splice(i, 0, lines[Math.floor(r() * lines.length)]);
  return lines.join('\n');
}
