/**
 * SARIF 2.1.0 for code scanning: rule metadata with help, URIs relative to
 * the checkout (SRCROOT), 1-based regions in UTF-16 code units.
 */
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Severity } from '../../core/finding.js';
import { RULE_DOCS } from '../rules/docs.js';
import { BASIS_LABEL } from '../rule.js';
import type { Reporter } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function ruleDescriptor(rule: (typeof RULE_DOCS)[number]): ReportingDescriptor {
  const help = rule.help ?? rule.description;
  const options = rule.defaults ? `\n\nOptions (defaults): \`${JSON.stringify(rule.defaults)}\`` : '';
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z])/g, (_, _sep: string, ch: string) => ch.toUpperCase()),
    shortDescription: { text: rule.description },
    fullDescription: { text: help },
    help: { text: `${help}${options.replace(/`/g, '')}`, markdown: `**${rule.id}**: ${help}${options}\n\nRun \`dp rules\` for every rule.` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      category: rule.category,
      basis: rule.basis,
      tags: ['data-product', rule.category, rule.basis === 'standard' ? 'standard' : BASIS_LABEL[rule.basis]],
    },
  };
}

const encodeUri = (path: string): string => path.split('/').map(encodeURIComponent).join('/');

export const sarif: Reporter = (run, { cwd, version }) => {
  const index = new Map(RULE_DOCS.map((r, i) => [r.id, i]));
  const results = run.findings.map((f): Result => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: f.hint ? `${f.message} (hint: ${f.hint})` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeUri(f.file), uriBaseId: 'SRCROOT' },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.endLine === f.line ? f.column + 1 : 1) },
        },
      },
    ],
  }));
  const root = pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href;
  const doc: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'dp', semanticVersion: version, version, rules: RULE_DOCS.map(ruleDescriptor) } },
        originalUriBaseIds: { SRCROOT: { uri: root } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
};
