import type { PathSegment } from '../../descriptor/positions.js';
import { kindOf } from '../../descriptor/source.js';
import { records, valueAt } from '../../descriptor/model.js';
import { isSemver, semverHint } from '../../descriptor/semver.js';
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
  description: 'Product, port and contract versions are semantic versions (MAJOR.MINOR.PATCH); a product has a version.',
  help: 'Consumers and `dp publish` compare versions to detect breaking changes, which needs semantic versions. A product without a version cannot be published.',
  category: 'structure',
  severity: 'error',
  scope: 'file',
  check({ file, report }) {
    const kind = kindOf(file);
    const value = file.value;
    if (!value || kind === 'unknown') return;
    if (kind === 'odps' && value.version === undefined) {
      report({ path: [], message: 'the product has no version', hint: 'add `version: 1.0.0`; publishing needs a version' });
    }
    for (const path of versionPaths(value, kind)) {
      const version = valueAt(value, path);
      if (typeof version !== 'string' || isSemver(version)) continue;
      report({ path, message: `\`${version}\` is not a semantic version`, hint: semverHint(version) });
    }
  },
});
