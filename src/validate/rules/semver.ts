import type { PathSegment } from '../../descriptor/positions.js';
import { kindOf } from '../../descriptor/source.js';
import { records, valueAt } from '../../descriptor/model.js';
import { isVersion, semverHint } from '../../descriptor/semver.js';
import { defineRule } from '../rule.js';

function versionPaths(value: Record<string, unknown>, kind: 'odps' | 'odcs'): PathSegment[][] {
  const paths: PathSegment[][] = [['version']];
  if (kind === 'odcs') return paths;
  for (const list of ['inputPorts', 'outputPorts']) {
    for (const [port, i] of records(value[list])) {
      paths.push([list, i, 'version']);
      for (const [, j] of records(port.inputContracts)) paths.push([list, i, 'inputContracts', j, 'version']);
    }
  }
  return paths;
}

export default defineRule({
  id: 'semver',
  description: 'Product, port and contract versions are semantic versions (MAJOR.MINOR.PATCH, with or without a leading `v`); a product has a version.',
  help: 'ODCS and ODPS let a version be any text; `dp publish` orders versions and detects breaking changes, which needs semantic versions (`1.4.0`, or `v1.4.0` as in the ODPS examples). A product without a version cannot be published.',
  category: 'structure',
  basis: 'dp',
  severity: 'warning',
  scope: 'file',
  check({ file, report }) {
    const kind = kindOf(file);
    const value = file.value;
    if (!value || kind === 'unknown') return;
    if (kind === 'odps' && value.version === undefined) {
      report({ path: [], message: 'the product has no version, so it cannot be published', hint: 'add `version: 1.0.0`' });
    }
    for (const path of versionPaths(value, kind)) {
      const version = valueAt(value, path);
      if (typeof version !== 'string' || isVersion(version)) continue;
      report({ path, message: `\`${version}\` is not a semantic version`, hint: semverHint(version) });
    }
  },
});
