import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSource, MAX_FILE_BYTES } from '../../src/descriptor/source.js';
import { tempDir } from '../support/product.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function load(content: string | Buffer) {
  const t = tempDir();
  cleanup = t.cleanup;
  const path = join(t.dir, 'dataproduct.odps.yaml');
  writeFileSync(path, content);
  return loadSource(path, 'dataproduct.odps.yaml');
}

const only = (file: ReturnType<typeof load>) => file.problems.map((p) => p.ruleId);

describe('loadSource', () => {
  it('reads a mapping with positions and no problems', () => {
    const file = load('kind: DataProduct\nid: a\n');
    expect(file.problems).toEqual([]);
    expect(file.value).toEqual({ kind: 'DataProduct', id: 'a' });
  });

  it('reports a tab used for indentation with its position', () => {
    const file = load('team:\n\tname: x\n');
    expect(only(file)).toContain('yaml-syntax');
    const p = file.problems[0];
    expect(p.line).toBe(2);
    expect(p.message).toMatch(/tab/);
    expect(p.hint).toMatch(/spaces/);
    expect(file.value).toBeUndefined();
  });

  it('keeps duplicate keys for the duplicate-keys rule instead of failing the parse', () => {
    const file = load('id: a\nid: b\n');
    expect(file.problems).toEqual([]);
    expect(file.value).toEqual({ id: 'b' });
  });

  it('refuses an alias bomb', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 8; i += 1)
      levels.push(
        `l${i}: &l${i} [${Array(9)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(',')}]`,
      );
    const file = load(`${levels.join('\n')}\n`);
    expect(only(file)).toEqual(['yaml-aliases']);
  });

  it('refuses deeply nested documents without a stack overflow', () => {
    expect(only(load('team:\n\tname: x\n'))).toEqual(['yaml-syntax']); // warms the parser's regular expressions first
    expect(only(load(`a: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`))).toEqual(['too-deep']);
    expect(only(load(`a: it's ${'{a: '.repeat(5_000)}1${'}'.repeat(5_000)}\n`))).toEqual(['too-deep']);
    expect(only(load(Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')))).toEqual(['too-deep']);
    const nested = `${Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} 1\n`;
    expect(only(load(nested))).toEqual(['too-deep']);
  });

  it('refuses files over the size limit without reading them', () => {
    const file = load(Buffer.alloc(MAX_FILE_BYTES + 1, 'a'));
    expect(only(file)).toEqual(['file-too-large']);
    expect(file.problems[0].message).toMatch(/5 MB/);
  });

  it('refuses binary content', () => {
    expect(only(load(Buffer.from([0x6b, 0x3a, 0x00, 0x01])))).toEqual(['binary-file']);
  });

  it('points at the first invalid UTF-8 byte', () => {
    const file = load(Buffer.concat([Buffer.from('a: ok\nb: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect(only(file)).toEqual(['invalid-encoding']);
    expect(file.problems[0]).toMatchObject({ line: 2, column: 7 });
  });

  it('reports an empty file and a comment-only file', () => {
    expect(only(load(''))).toEqual(['empty-file']);
    expect(only(load('# nothing here\n'))).toEqual(['empty-file']);
  });

  it('refuses a root that is not a mapping', () => {
    const file = load('- a\n- b\n');
    expect(only(file)).toEqual(['root-not-mapping']);
    expect(file.problems[0].message).toMatch(/list/);
    expect(only(load('just a string\n'))).toEqual(['root-not-mapping']);
  });

  it('strips a BOM and handles CRLF line endings', () => {
    const file = load('\ufeffid: a\r\nteam:\r\n  name: x\r\n');
    expect(file.problems).toEqual([]);
    expect(file.value).toEqual({ id: 'a', team: { name: 'x' } });
  });

  it('keeps __proto__ as a plain key without polluting prototypes', () => {
    const file = load('__proto__:\n  polluted: true\nid: a\n');
    expect(file.problems).toEqual([]);
    expect(Object.keys(file.value!)).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(file.value)).toBe(Object.prototype);
  });

  it('reports an unreadable path', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const dir = join(t.dir, 'dataproduct.odps.yaml');
    mkdirSync(dir);
    const file = loadSource(dir, 'dataproduct.odps.yaml');
    expect(only(file)).toEqual(['file-unreadable']);
    expect(file.problems[0].message).toMatch(/directory/);
  });

  it('reports a file without read permission (when not running as root)', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'x.yaml');
    writeFileSync(path, 'a: 1\n');
    chmodSync(path, 0o000);
    const file = loadSource(path, 'x.yaml');
    if (process.getuid?.() === 0) expect(file.problems).toEqual([]);
    else expect(only(file)).toEqual(['file-unreadable']);
  });
});
