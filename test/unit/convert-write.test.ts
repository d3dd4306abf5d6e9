import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OutputFile } from '../../src/convert/types.js';
import { writeOutputs } from '../../src/convert/write.js';
import { removeScratchDirs, scratchDir } from '../support/convert.js';

afterAll(() => removeScratchDirs());

const output = (path: string, text: string): OutputFile => ({ path, display: path, kind: 'odcs', text, action: 'create' });

describe('dp convert: writing all outputs or none', () => {
  it('writes every file, creating directories, with no temporary file left', () => {
    const dir = scratchDir();
    writeOutputs([output(join(dir, 'a.odcs.yaml'), 'a\n'), output(join(dir, 'contracts/b.odcs.yaml'), 'b\n')]);
    expect(readFileSync(join(dir, 'contracts/b.odcs.yaml'), 'utf8')).toBe('b\n');
    expect(readdirSync(dir).sort()).toEqual(['a.odcs.yaml', 'contracts']);
  });

  it('when a move fails, what it replaced is back, what it created is gone, and the error says nothing was written', () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'kept.odcs.yaml'), 'before\n');
    const outputs = [output(join(dir, 'kept.odcs.yaml'), 'after\n'), output(join(dir, 'new/c.odcs.yaml'), 'c\n'), output(join(dir, 'd.odcs.yaml'), 'd\n')];
    const fail = (path: string) => {
      if (path.endsWith('c.odcs.yaml')) throw Object.assign(new Error('disk full'), { code: 'ENOSPC', path });
    };
    expect(() => writeOutputs(outputs, { moved: fail })).toThrow(/ENOSPC; nothing was written/);
    expect(readFileSync(join(dir, 'kept.odcs.yaml'), 'utf8')).toBe('before\n');
    expect(existsSync(join(dir, 'new'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['kept.odcs.yaml']);
  });

  it('refuses to replace a directory', () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 'taken.odcs.yaml'));
    expect(() => writeOutputs([output(join(dir, 'taken.odcs.yaml'), 'x\n')])).toThrow(/it is a directory/);
  });
});
