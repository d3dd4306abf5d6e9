/** JUnit XML: a suite per port, a case per check; failed checks of error severity fail, errors are errors. */
import { escapeXml } from '../../validate/reporters/junit.js';
import type { CheckResult, PortRun } from '../types.js';
import { portLabel, type TestReporter } from './types.js';

function testcase(r: CheckResult): string {
  const name = escapeXml(`${[r.object, r.field].filter(Boolean).join('.')} ${r.check}`.trim());
  const where = `${r.location.file}:${r.location.line}:${r.location.column}`;
  const text = escapeXml(`${where} ${r.expected}: ${r.message}`);
  let body = '';
  if (r.status === 'failed' && r.severity === 'error') body = `<failure message="${escapeXml(r.message)}" type="${escapeXml(r.check)}">${text}</failure>`;
  else if (r.status === 'error') body = `<error message="${escapeXml(r.message)}" type="${escapeXml(r.check)}">${text}</error>`;
  else if (r.status === 'skipped') body = `<skipped message="${escapeXml(r.message)}"/>`;
  else if (r.status === 'failed') body = `<system-out>${escapeXml(`${r.severity}: `)}${text}</system-out>`;
  return `    <testcase classname="${escapeXml(portLabel(r))}" name="${name}">${body}</testcase>`;
}

function suite(port: PortRun, results: CheckResult[]): string {
  const failures = results.filter((r) => r.status === 'failed' && r.severity === 'error').length;
  const errors = results.filter((r) => r.status === 'error').length + (port.status === 'error' ? 1 : 0);
  const skipped = results.filter((r) => r.status === 'skipped').length;
  const cases = results.map(testcase);
  if (port.status === 'error' || port.status === 'skipped') {
    const tag =
      port.status === 'error' ? `<error message="${escapeXml(port.message ?? '')}" type="port"/>` : `<skipped message="${escapeXml(port.message ?? '')}"/>`;
    cases.push(`    <testcase classname="${escapeXml(portLabel(port))}" name="port">${tag}</testcase>`);
  }
  return `  <testsuite name="${escapeXml(portLabel(port))}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped + (port.status === 'skipped' ? 1 : 0)}" timestamp="${port.startedAt}">\n${cases.join('\n')}\n  </testsuite>`;
}

export const junit: TestReporter = (run) => {
  const suites = run.ports.map((port) =>
    suite(
      port,
      run.results.filter((r) => r.contract === port.contract && r.port === port.port && r.product === port.product),
    ),
  );
  const s = run.summary;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="dp test" tests="${s.checks}" failures="${s.failing}" errors="${s.errors}" skipped="${s.skipped}">\n${suites.join('\n')}\n</testsuites>\n`;
};
