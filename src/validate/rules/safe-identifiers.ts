import type { PathSegment } from '../../descriptor/positions.js';
import { kindOf } from '../../descriptor/source.js';
import { records, valueAt } from '../../descriptor/model.js';
import { slugify, unsafeReason } from '../../descriptor/identifiers.js';
import { defineRule } from '../rule.js';

/** The product id and its port names: contract ids are free text in ODCS (URNs, UUIDs...), and dp encodes them where it must. */
function identifierPaths(value: Record<string, unknown>): PathSegment[][] {
  const paths: PathSegment[][] = [['id']];
  for (const list of ['inputPorts', 'outputPorts', 'managementPorts']) {
    for (const [, i] of records(value[list])) paths.push([list, i, 'name']);
  }
  return paths;
}

export default defineRule({
  id: 'safe-identifiers',
  description: 'Product ids and port names read well as directory names and URL parts (letters, digits, `.`, `_`, `~`, `-`).',
  help: 'ODPS allows any text; dp encodes ids wherever it builds a path or a URL, so nothing breaks. These names still become directory names (`dp init` writes ports/output/<name>), catalog URLs (/products/<id>) and graph node ids, where plain names are easier to read, type and share. Contract ids are not checked: ODCS ids are free strings, such as URNs.',
  category: 'structure',
  basis: 'dp',
  severity: 'warning',
  scope: 'descriptor',
  check({ file, report }) {
    const value = file.value;
    if (!value || kindOf(file) !== 'odps') return;
    for (const path of identifierPaths(value)) {
      const id = valueAt(value, path);
      if (typeof id !== 'string') continue;
      const reason = unsafeReason(id);
      if (!reason) continue;
      const slug = slugify(id);
      report({ path, message: `\`${id}\` is not a plain identifier: ${reason}`, hint: slug ? `for example \`${slug}\`` : undefined });
    }
  },
});
