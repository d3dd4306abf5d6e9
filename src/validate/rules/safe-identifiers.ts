import type { PathSegment } from '../../descriptor/positions.js';
import { kindOf } from '../../descriptor/source.js';
import { records, valueAt } from '../../descriptor/model.js';
import { slugify, unsafeReason } from '../../descriptor/identifiers.js';
import { defineRule } from '../rule.js';

function identifierPaths(value: Record<string, unknown>, kind: 'odps' | 'odcs'): PathSegment[][] {
  const paths: PathSegment[][] = [['id']];
  if (kind === 'odcs') return paths;
  for (const list of ['inputPorts', 'outputPorts', 'managementPorts']) {
    for (const [, i] of records(value[list])) {
      paths.push([list, i, 'name']);
      if (list !== 'managementPorts') paths.push([list, i, 'contractId']);
    }
  }
  return paths;
}

export default defineRule({
  id: 'safe-identifiers',
  description: 'Product ids, port names and contract ids are safe as path segments and URL parts.',
  help: 'These identifiers become directory names (ports/output/<name>), catalog URLs (/products/<id>) and graph node ids. Use letters, digits, `.`, `_`, `~` and `-`, starting with a letter or digit.',
  category: 'structure',
  severity: 'error',
  scope: 'file',
  check({ file, report }) {
    const kind = kindOf(file);
    const value = file.value;
    if (!value || kind === 'unknown') return;
    for (const path of identifierPaths(value, kind)) {
      const id = valueAt(value, path);
      if (typeof id !== 'string') continue;
      const reason = unsafeReason(id);
      if (!reason) continue;
      const slug = slugify(id);
      report({ path, message: `\`${id}\` is not a safe identifier: ${reason}`, hint: slug ? `for example \`${slug}\`` : undefined });
    }
  },
});
