/**
 * Catalog text and document content never reach the terminal raw: every formatter of
 * src/catalog/format/ and the stylish and github reporters escape control characters.
 */
import { describe, expect, it } from 'vitest';
import { diffReport } from '../../src/catalog/format/changes.js';
import { toDot, toMermaid } from '../../src/catalog/format/graph.js';
import { consumerTable, productTable, versionChanges, versionTable } from '../../src/catalog/format/lists.js';
import { productPage } from '../../src/catalog/format/product.js';
import { publishReport } from '../../src/catalog/format/publish.js';
import { colors } from '../../src/catalog/format/text.js';
import type { Change, Edge, PublishOutcome, VersionRecord } from '../../src/catalog/store.js';
import { terminalLines, terminalSafe, terminalText } from '../../src/util/terminal.js';
import { github } from '../../src/validate/reporters/github.js';
import { stylish } from '../../src/validate/reporters/stylish.js';
import type { ValidationRun } from '../../src/validate/run.js';

const ESC = '\u001b';
const EVIL = `${ESC}[2J${ESC}[H${ESC}]0;owned\u0007\u009b31m\r\nFAKE\u202eevil`;
/** Anything a terminal would act on: C0 but newline, DEL, C1, bidirectional controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const plain = colors(false);

const change: Change = { ruleId: `field-removed${ESC}[1m`, class: 'breaking', message: `field ${EVIL} was removed`, ports: [`port${ESC}`], contractId: EVIL };
const edge: Edge = { from: { product: `up${EVIL}`, port: `out${ESC}`, contractId: `c${ESC}` }, to: { product: `down${EVIL}`, port: `in${ESC}` } };
const summary = {
  productId: `p${EVIL}`,
  version: `1.0.0${ESC}`,
  digest: `sha256:${ESC}abc`,
  publisher: `ci${EVIL}`,
  publishedAt: '2025-01-31T10:00:00.000Z',
  previousVersion: `0.9.0${ESC}`,
  changes: [change],
};

function record(): VersionRecord {
  const descriptor = { id: summary.productId, description: { purpose: EVIL, usage: EVIL, limitations: EVIL } };
  const contract = {
    id: 'c',
    slaProperties: [{ property: 'retention', value: EVIL, unit: 'd' }],
    schema: [{ name: `t${ESC}`, properties: [{ name: `f${EVIL}`, logicalType: EVIL, classification: EVIL }] }],
  };
  return {
    ...summary,
    name: `name${EVIL}`,
    domain: `d${EVIL}`,
    team: `t${EVIL}`,
    status: `s${EVIL}`,
    documents: {
      descriptor: { file: 'dataproduct.odps.yaml', text: '', value: descriptor },
      contracts: [{ file: `contracts/${EVIL}.odcs.yaml`, text: '', value: contract }],
    },
    validation: { dpVersion: `0.1.0${ESC}`, errors: 0, warnings: 0, infos: 0, suppressed: 0, findings: [] },
    ports: [
      { direction: 'output', name: `out${ESC}`, version: '1.0.0', contractId: 'c', type: `tables${ESC}` },
      { direction: 'input', name: `in${EVIL}`, version: '1.0.0', contractId: `x${EVIL}`, type: null },
    ],
  };
}

function expectClean(text: string): void {
  expect(text).not.toMatch(CONTROL);
  expect(text).not.toContain('\nFAKE');
}

describe('terminalText', () => {
  it('shows control characters as escapes and leaves other text alone', () => {
    expect(terminalText(`a${ESC}[2Jb`)).toBe('a\\x1b[2Jb');
    expect(terminalText('line\nbreak\ttab\rret\u0007bell\u007f\u009b')).toBe('line\\nbreak\\ttab\\rret\\x07bell\\x7f\\x9b');
    expect(terminalText('right\u202eleft\u2066')).toBe('right\\u{202e}left\\u{2066}');
    expect(terminalText('données: ✓ ünïcode')).toBe('données: ✓ ünïcode');
    expect(terminalText(terminalText(EVIL))).toBe(terminalText(EVIL));
    expect(terminalLines(`one${ESC}\ntwo`)).toBe('one\\x1b\ntwo');
  });

  it('escapes every string of a value, keys included, and keeps __proto__ an own key', () => {
    const value = JSON.parse(`{"a": ["x\\u001b", {"__proto__": {"polluted": "y\\u0007"}}], "k\\u001b": 1}`);
    const safe = terminalSafe(value);
    expect(safe).toEqual({ a: ['x\\x1b', JSON.parse('{"__proto__": {"polluted": "y\\\\x07"}}')], 'k\\x1b': 1 });
    expect(Object.hasOwn(safe.a[1], '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(value.a[0]).toBe('x\u001b');
  });
});

describe('catalog formatters escape catalog text', () => {
  it('list, search and versions tables', () => {
    const page = {
      total: 1,
      items: [
        {
          id: summary.productId,
          name: EVIL,
          version: summary.version,
          domain: EVIL,
          team: EVIL,
          status: EVIL,
          purpose: EVIL,
          tags: [EVIL],
          publisher: EVIL,
          publishedAt: summary.publishedAt,
          versionCount: 1,
        },
      ],
    };
    expectClean(productTable(page, plain));
    expectClean(versionTable([summary], plain));
    expectClean(versionChanges([summary], plain));
    expect(versionTable([summary], plain)).toContain('ci\\x1b[2J');
  });

  it('show, consumers, graph and diff', () => {
    const view = { record: record(), versionCount: 2, upstream: [edge], downstream: [edge] };
    expectClean(productPage(view, plain));
    expectClean(consumerTable([edge], plain));
    expectClean(
      toMermaid({
        nodes: [
          { id: edge.from.product, version: EVIL, domain: EVIL, team: EVIL },
          { id: edge.to.product, version: '1', domain: null, team: null },
        ],
        edges: [edge],
        focus: edge.to.product,
      } as never),
    );
    const dot = toDot({ nodes: [{ id: edge.from.product, version: EVIL, domain: EVIL, team: EVIL }], edges: [edge] } as never);
    expectClean(dot.replace(/\n/g, ' '));
    expect(dot).toContain('\\\\x1b[2J');
    expectClean(diffReport({ before: { label: `a${EVIL}`, productId: 'a' }, after: { label: 'b', productId: `b${EVIL}` }, changes: [change] }, plain));
  });

  it('publish outcomes, refusals and affected consumers', () => {
    const outcome: PublishOutcome = {
      productId: summary.productId,
      version: summary.version,
      digest: 'sha256:x',
      status: 'refused',
      previousVersion: EVIL,
      changes: [change],
      refusals: [{ code: 'x', message: EVIL }],
      affectedConsumers: [edge],
      source: EVIL,
    };
    expectClean(publishReport([outcome, { ...outcome, status: 'published' }, { ...outcome, status: 'unchanged' }], `catalog${ESC}`, false, plain));
  });

  it('keeps colours dp adds itself', () => {
    const text = versionTable([summary], colors(true));
    expect(text).toContain(`${ESC}[1m`);
    expect(text).not.toContain(`${ESC}[2J`);
  });
});

describe('validation reporters escape what findings echo from documents', () => {
  const run = {
    targets: [],
    findings: [
      {
        ruleId: 'schema-unknown-key',
        severity: 'error',
        file: `p/${ESC}[2J.odcs.yaml`,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 2,
        message: `unknown key \`${EVIL}\``,
        hint: `did you mean ${EVIL}?`,
      },
    ],
    summary: { errors: 1, warnings: 0, infos: 0, products: 1, files: 1, suppressed: 0 },
    empty: [],
    missing: [],
  } as unknown as ValidationRun;
  const options = { cwd: '/', color: false, version: '0.1.0', failSeverity: 'error' as const };

  it('stylish', () => expectClean(stylish(run, options)));
  it('github (annotations are printed in the log)', () => {
    const text = github(run, options);
    expectClean(text);
    expect(text.trimEnd().split('\n')).toHaveLength(1);
  });
});
