/** Text report of `dp catalog doctor`: damage, then odd content, then the verdict. */
import { terminalSafe } from '../../util/terminal.js';
import type { DoctorReport } from '../doctor.js';
import { plural } from './text.js';

export function doctorReport(unsafe: DoctorReport): string {
  const report = terminalSafe(unsafe);
  const lines = [...report.damage.map((d) => `problem: ${d}`), ...report.oddities.map((o) => `warning: ${o}`)];
  const counted = `${plural(report.products, 'product')}, ${plural(report.versions, 'version')}`;
  if (report.damage.length > 0) {
    lines.push(
      `${plural(report.damage.length, 'problem')} in catalog ${report.catalog} (${counted}); published versions are never changed by dp, so this is damage from outside (a restore, manual SQL): restore from a backup`,
    );
  } else {
    lines.push(`catalog ${report.catalog} is sound: ${counted}, every check passed`);
  }
  if (report.oddities.length > 0) {
    lines.push(
      `${plural(report.oddities.length, 'warning')}: content published as it is, which dp finds odd; published versions never change, so there is nothing to repair`,
    );
  }
  return `${lines.join('\n')}\n`;
}
