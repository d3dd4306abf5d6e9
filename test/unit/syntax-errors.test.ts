import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSource } from '../../src/descriptor/source.js';

const dir = mkdtempSync(join(tmpdir(), 'dp-syntax-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problems(text: string) {
  const path = join(dir, 'doc.yaml');
  writeFileSync(path, text);
  return loadSource(path, 'doc.yaml').problems.map(({ line, column, message, hint }) => ({ line, column, message, hint }));
}

describe('one finding per YAML problem', () => {
  it('several documents: one finding naming where the others start', () => {
    expect(problems('kind: DataContract\nid: a\n---\nkind: DataContract\nid: b\n---\nid: c\n')).toEqual([
      {
        line: 3,
        column: 1,
        message: 'the file holds 3 YAML documents (`---` at lines 3, 6); dp reads one document per file',
        hint: 'put each document in a file of its own, or remove the `---` line if it is all one document',
      },
    ]);
    // A `---` opening the only document is fine.
    expect(problems('---\nkind: DataContract\n')).toEqual([]);
  });

  it('a quoted string continued without indentation: one finding, with the other places', () => {
    const entry = (n: number) => `  - name: c${n}\n    description: "a long\n    \\ text."\n`;
    const found = problems(`schema:\n${entry(1)}${entry(2)}${entry(3)}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      line: 3,
      message: 'the quoted string of `description` goes on to the next line without being indented deeper than `description:`',
    });
    expect(found[0].hint).toBe(
      'indent the continuation of this quoted string deeper than `description:`, or keep the string on one line; the same on lines 6, 9',
    );
  });

  it('reports the first error, not what follows from it, and says more may follow', () => {
    const found = problems('a: 1\n  b: 2\nc: [\n');
    expect(found).toHaveLength(1);
    expect(found[0].line).toBe(1);
    expect(found[0].hint).toMatch(/reports 2 more errors after this one, which may follow from it/);
  });

  it('still reports each tab used for indentation', () => {
    const found = problems('id: [unclosed\nteam:\n\tname: x\n');
    expect(found.map((f) => f.message)).toEqual([expect.stringMatching(/^Flow sequence/), 'tab used for indentation']);
  });
});
