import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import * as yamlLibrary from 'yaml';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { YNode } from '../../src/descriptor/yaml/ast.js';
import { fastParse } from '../../src/descriptor/yaml/fast-parse.js';
import { fromDocument } from '../../src/descriptor/yaml/from-document.js';
import { mutate, randomDocument, rng } from '../support/yaml-fuzz.js';

const CONFORMANCE = fileURLToPath(new URL('../../../shared/conformance', import.meta.url));

function* yamlFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* yamlFiles(path);
    else if (/\.ya?ml$/.test(path)) yield path;
  }
}

/** First difference between the fast parser's positions and the general parser's, if any. */
function positionDiff(text: string, a: YNode, b: YNode, path: string): string | undefined {
  if (a.kind !== b.kind) return `${path}: ${a.kind} vs ${b.kind}`;
  if (a.start !== b.start && !(a.kind === 'scalar' && a.start === a.end)) return `${path}: start ${a.start} vs ${b.start}`;
  // Block scalars end at slightly different places (after the break or after the next indentation): only starts are compared.
  const block = text[a.start] === '|' || text[a.start] === '>';
  if (a.kind === 'scalar' && !block && a.end !== a.start && a.end !== b.end) return `${path}: end ${a.end} vs ${b.end}`;
  if (a.kind === 'map' && b.kind === 'map') {
    for (let i = 0; i < a.pairs.length; i += 1) {
      const [p, q] = [a.pairs[i], b.pairs[i]];
      if (!q || p.key !== q.key || p.keyStart !== q.keyStart || p.keyEnd !== q.keyEnd)
        return `${path}: key ${p.key}@${p.keyStart}-${p.keyEnd} vs ${q?.key}@${q?.keyStart}-${q?.keyEnd}`;
      const inner = positionDiff(text, p.value, q.value, `${path}.${p.key}`);
      if (inner) return inner;
    }
  }
  if (a.kind === 'seq' && b.kind === 'seq') {
    for (let i = 0; i < a.items.length; i += 1) {
      const inner = positionDiff(text, a.items[i], b.items[i], `${path}[${i}]`);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The fast parser either steps aside or agrees with the `yaml` library on validity, value and positions. */
function differential(text: string): 'fast' | 'aside' {
  const fast = fastParse(text);
  if (!fast) return 'aside';
  const doc = parseDocument(text, { uniqueKeys: false, merge: false });
  expect(
    doc.errors.map((e) => e.message),
    `accepted an invalid document:\n${text}`,
  ).toEqual([]);
  const expected = doc.toJS({ maxAliasCount: 100 });
  if (!isDeepStrictEqual(fast.value, expected)) expect(fast.value, `value differs for:\n${text}`).toEqual(expected);
  expect(positionDiff(text, fast.ast, fromDocument(doc, yamlLibrary)!, ''), `positions differ for:\n${text}`).toBeUndefined();
  return 'fast';
}

describe('fast YAML parser', () => {
  it('agrees with the yaml library on every official example and takes the fast path for most', () => {
    const counts = { fast: 0, aside: 0 };
    for (const file of yamlFiles(CONFORMANCE)) counts[differential(readFileSync(file, 'utf8'))] += 1;
    expect(counts.fast).toBeGreaterThanOrEqual(20);
    expect(counts.aside).toBeLessThanOrEqual(3);
  });

  it('agrees on thousands of generated documents', () => {
    const r = rng(20261121);
    const counts = { fast: 0, aside: 0 };
    for (let i = 0; i < 3000; i += 1) counts[differential(randomDocument(r))] += 1;
    expect(counts.fast).toBeGreaterThan(1500);
  });

  it('agrees on thousands of mutated (often invalid) documents', () => {
    // DP_FUZZ_ITERATIONS and DP_FUZZ_SEED run a longer campaign by hand.
    const r = rng(Number(process.env.DP_FUZZ_SEED ?? 7));
    const counts = { fast: 0, aside: 0 };
    for (let i = 0; i < Number(process.env.DP_FUZZ_ITERATIONS ?? 6000); i += 1) {
      let text = randomDocument(r);
      for (let k = 0; k < 1 + Math.floor(r() * 3); k += 1) text = mutate(text, r);
      counts[differential(text)] += 1;
    }
    expect(counts.fast).toBeGreaterThan(1000);
  }, 300_000);

  it('keeps __proto__ and duplicate keys as the yaml library does', () => {
    expect(differential('__proto__:\n  polluted: 1\na: 1\na: 2\n')).toBe('fast');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('steps aside for anchors, tags, multi-line scalars and several documents', () => {
    for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: one\n  two\n', 'a: 1\n---\nb: 2\n', '? complex\n: key\n', 'a: "multi\n  line"\n']) {
      expect(fastParse(text), text).toBeUndefined();
    }
  });
});
