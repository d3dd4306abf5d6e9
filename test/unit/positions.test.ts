import { describe, expect, it } from 'vitest';
import { locate } from '../../src/descriptor/positions.js';
import { LineIndex } from '../../src/descriptor/yaml/ast.js';
import { fastParse } from '../../src/descriptor/yaml/fast-parse.js';

const text = [
  'id: a', //                      1
  'outputPorts:', //               2
  '  - name: events', //           3
  '    version: 1.0.0', //         4
  '  - name: daily', //            5
  '    contractID: x-daily', //    6
  'team:', //                      7
  '  name: t', //                  8
  '',
].join('\n');

function at(path: Array<string | number>, target: 'value' | 'key' = 'value') {
  return locate({ ast: fastParse(text)!.ast, lines: new LineIndex(text), text }, path, target);
}

describe('locate', () => {
  it('points at a scalar value deep in an array', () => {
    expect(at(['outputPorts', 0, 'version'])).toEqual({ line: 4, column: 14, endLine: 4, endColumn: 19 });
  });

  it('points at an unknown key inside an array item', () => {
    expect(at(['outputPorts', 1, 'contractID'], 'key')).toEqual({ line: 6, column: 5, endLine: 6, endColumn: 15 });
  });

  it('points at the parent key for a block value (missing keys are reported on the parent)', () => {
    expect(at(['team'])).toEqual({ line: 7, column: 1, endLine: 7, endColumn: 5 });
  });

  it('points at the first line of an array item', () => {
    expect(at(['outputPorts', 1])).toEqual({ line: 5, column: 5, endLine: 5, endColumn: 16 });
  });

  it('points at the root first line for the empty path', () => {
    expect(at([])).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 6 });
  });

  it('falls back to the deepest existing ancestor', () => {
    expect(at(['outputPorts', 0, 'missing', 'deeper'])).toEqual({ line: 3, column: 5, endLine: 3, endColumn: 17 });
  });
});
