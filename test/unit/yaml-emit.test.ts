import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { toYaml } from '../../src/descriptor/yaml/emit.js';
import { fastParse } from '../../src/descriptor/yaml/fast-parse.js';
import { randomValue, rng } from '../support/yaml-fuzz.js';

/** What the value looks like once written as JSON-like data (undefined dropped, as YAML cannot say it). */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x)));

function roundTrip(value: unknown): void {
  const text = toYaml(value);
  const back = parse(text, { uniqueKeys: false });
  expect(plain(back), text).toEqual(plain(value));
  const fast = fastParse(text);
  if (fast) expect(plain(fast.value), text).toEqual(plain(value));
}

describe('toYaml', () => {
  it('writes readable block YAML', () => {
    const text = toYaml({
      apiVersion: 'v3.1.0',
      version: '1.0.0',
      tags: ['a', 'b'],
      schema: [{ name: 'plays', properties: [{ name: 'id', required: true }] }],
      empty: [],
      none: {},
      description: 'line one\nline two\n',
      status: 'true',
      count: 3,
    });
    expect(text).toBe(
      [
        'apiVersion: v3.1.0',
        'version: 1.0.0',
        'tags:',
        '  - a',
        '  - b',
        'schema:',
        '  - name: plays',
        '    properties:',
        '      - name: id',
        '        required: true',
        'empty: []',
        'none: {}',
        'description: |',
        '  line one',
        '  line two',
        'status: "true"',
        'count: 3',
        '',
      ].join('\n'),
    );
  });

  it('quotes what YAML would read as something else', () => {
    for (const s of [
      '',
      ' lead',
      'trail ',
      'a: b',
      'a #b',
      '#x',
      '- x',
      'null',
      '~',
      'True',
      '1.0',
      '0x1F',
      '.inf',
      '[x]',
      '{y}',
      '*a',
      '&b',
      '!c',
      '%d',
      '@e',
      '`f`',
      "'g'",
      '"h"',
      'tab\tx',
      'cr\rx',
      '\u0007bell',
      'del\u007f',
      'nel\u0085',
      'ls\u2028',
      'x:',
      '? q',
      ': c',
    ]) {
      roundTrip({ s, [s]: s, list: [s] });
    }
  });

  it('keeps numbers, booleans and nulls as such, and numeric-looking keys as strings', () => {
    roundTrip({ int: 7, neg: -3, float: 1.5, exp: 1e21, small: 1.5e-7, t: true, f: false, n: null, '200': 'ok', '1.0': 'x' });
  });

  it('writes multi-line text as literal blocks when it can, quoted otherwise', () => {
    for (const s of ['a\nb', 'a\nb\n', 'a\nb\n\n\n', 'a\n\nb', ' lead\nx', 'a\n  indented\nb', '# not a comment\nx', 'a\n \nb', 'a\r\nb'])
      roundTrip({ s, list: [s, { s }] });
  });

  it('round-trips thousands of generated values through the yaml library and dp’s reader', () => {
    const r = rng(99);
    for (let i = 0; i < 3000; i += 1) roundTrip({ root: randomValue(r, 0), list: [randomValue(r, 1)] });
  });
});
