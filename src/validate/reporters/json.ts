/** One JSON document: the summary, every finding, and a line per product or contract. */
import type { Reporter } from './types.js';

export const json: Reporter = (run, { version, failSeverity }) => {
  const targets = run.targets.map((t) => ({
    kind: t.kind,
    path: t.path,
    id: t.id,
    errors: t.findings.filter((f) => f.severity === 'error').length,
    warnings: t.findings.filter((f) => f.severity === 'warning').length,
    infos: t.findings.filter((f) => f.severity === 'info').length,
  }));
  const doc = {
    tool: 'dp',
    version,
    failSeverity,
    summary: run.summary,
    findings: run.findings,
    targets,
    empty: run.empty,
    missing: run.missing,
    unreadable: run.unreadable,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
};
