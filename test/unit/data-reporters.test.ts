import { describe, expect, it } from 'vitest';
import { github } from '../../src/data/reporters/github.js';
import { junit } from '../../src/data/reporters/junit.js';
import { stylish } from '../../src/data/reporters/stylish.js';
import type { CheckResult, TestRun } from '../../src/data/types.js';
import { terminalText } from '../../src/util/terminal.js';

const location = { file: 'contracts/a,b.odcs.yaml', line: 7, column: 9, endLine: 7, endColumn: 13 };
const hostile = 'x\u001b[2J\u001b]8;;http://evil\u0007<b>&"\nnext';

function runWith(result: Partial<CheckResult>): TestRun {
  const base: CheckResult = {
    product: 'p',
    port: 'o',
    contract: 'c',
    server: 's',
    object: 't',
    field: 'f',
    check: 'invalidValues',
    category: 'quality',
    status: 'failed',
    measured: 1,
    unit: 'rows',
    threshold: { operator: 'mustBe', value: 0 },
    expected: 'invalid values = 0 rows',
    severity: 'error',
    message: '1 row, expected = 0 rows',
    location,
  };
  const port = {
    product: 'p',
    port: 'o',
    contract: 'c',
    contractFile: location.file,
    server: 's',
    serverType: 'local',
    serverReason: 'the only server',
    status: 'failed' as const,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
  };
  return {
    startedAt: port.startedAt,
    finishedAt: port.finishedAt,
    ports: [port],
    results: [{ ...base, ...result }],
    summary: { ports: 1, checks: 1, passed: 0, failed: 1, errors: 0, skipped: 0, failing: 1 },
  };
}

describe('test reporters escape what comes from data and contracts', () => {
  it('terminal: control characters and escape sequences are shown, not obeyed', () => {
    expect(terminalText(hostile)).toBe('x\\x1b[2J\\x1b]8;;http://evil\\x07<b>&"\\nnext');
    const text = stylish(runWith({ samples: { columns: ['f'], rows: [[hostile]], masked: [] }, field: `f${hostile}` }), { color: false, version: '0' });
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/\u001b|\u0007/);
    expect(text).toContain('x\\x1b[2J');
  });

  it('junit: XML special characters escaped, control characters dropped', () => {
    const xml = junit(runWith({ message: hostile }), { color: false, version: '0' });
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/\u001b|\u0007/);
    expect(xml).toContain('&#60;b&#62;&#38;&#34;');
    expect(xml).toMatch(/<failure message="x\[2J\]8;;http:\/\/evil&#60;b&#62;&#38;&#34;\nnext" type="invalidValues">/);
  });

  it('github: one annotation line per failure, properties and data escaped', () => {
    const text = github(runWith({ message: hostile }), { color: false, version: '0' });
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/\u001b|\u0007/);
    expect(text).toMatch(
      /^::error file=contracts\/a%2Cb\.odcs\.yaml,line=7,col=9,endLine=7,endColumn=13,title=dp test invalidValues t\.f::p:o: invalid values = 0 rows: x.*%0Anext\n$/,
    );
  });

  it('github: passed and skipped checks make no annotation; a warning is a warning', () => {
    expect(github(runWith({ status: 'passed' }), { color: false, version: '0' })).toBe('');
    expect(github(runWith({ severity: 'warning' }), { color: false, version: '0' })).toMatch(/^::warning /);
  });
});
