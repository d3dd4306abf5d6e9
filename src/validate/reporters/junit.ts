/** JUnit XML: a test suite per product or contract, a test case per file, failing when it has findings at the fail severity. */
import { atLeast, type Finding } from '../../core/finding.js';
import type { Reporter } from './types.js';

export function escapeXml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function describe(f: Finding): string {
  return `${f.file}:${f.line}:${f.column} ${f.severity} ${f.message} [${f.ruleId}]${f.hint ? ` (hint: ${f.hint})` : ''}`;
}

export const junit: Reporter = (run, { failSeverity }) => {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const target of run.targets) {
    const byFile = new Map<string, Finding[]>();
    for (const f of target.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    if (byFile.size === 0) byFile.set(target.path, []);
    const cases: string[] = [];
    let suiteFailures = 0;
    for (const [file, findings] of byFile) {
      const failing = findings.filter((f) => atLeast(f.severity, failSeverity));
      const other = findings.filter((f) => !atLeast(f.severity, failSeverity));
      let body = '';
      if (failing.length > 0) {
        suiteFailures += 1;
        body += `\n      <failure message="${escapeXml(`${failing.length} finding(s)`)}" type="dp">${escapeXml(failing.map(describe).join('\n'))}</failure>`;
      }
      if (other.length > 0) body += `\n      <system-out>${escapeXml(other.map(describe).join('\n'))}</system-out>`;
      cases.push(`    <testcase classname="${escapeXml(target.path)}" name="${escapeXml(file)}">${body}${body ? '\n    ' : ''}</testcase>`);
    }
    tests += cases.length;
    failures += suiteFailures;
    suites.push(
      `  <testsuite name="${escapeXml(target.id ? `${target.id} (${target.path})` : target.path)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="dp validate" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
};
