import type { PathSegment } from '../../descriptor/positions.js';
import { contractFields } from '../../descriptor/contract-fields.js';
import { kindOf } from '../../descriptor/source.js';
import { records, str } from '../../descriptor/model.js';
import { slugify } from '../../descriptor/identifiers.js';
import { defineRule, type Report } from '../rule.js';

export interface Options {
  /** Pattern for product ids; null turns the check off. */
  product: string | null;
  /** Pattern for port names (input, output and management). */
  port: string | null;
  /** Pattern for the domain. */
  domain: string | null;
  /** Pattern for contract field names (off by default). */
  field: string | null;
}

/** Lower-case words joined by hyphens; a leading digit is allowed, so that UUIDs (common as ODPS ids) pass. */
export const KEBAB = '^[a-z0-9]+(?:-[a-z0-9]+)*$';

function checkName(value: unknown, pattern: RegExp | null, path: PathSegment[], what: string, report: (r: Report) => void): void {
  if (!pattern || typeof value !== 'string' || pattern.test(value)) return;
  const slug = slugify(value);
  report({
    path,
    message: `${what} \`${value}\` does not match the naming pattern ${pattern.source}`,
    hint: slug && pattern.test(slug) ? `for example \`${slug}\`` : undefined,
  });
}

const toRegExp = (p: string | null): RegExp | null => (p ? new RegExp(p) : null);

export default defineRule<Options>({
  id: 'naming-pattern',
  description: 'Product ids, domains, port names (and optionally field names) follow the organisation naming patterns.',
  help: 'Consistent names make the mesh searchable and URLs predictable. Configure `product`, `domain`, `port` and `field` with regular expressions, or null to skip one.',
  category: 'policy',
  basis: 'organisation',
  severity: 'warning',
  defaults: { product: KEBAB, port: KEBAB, domain: KEBAB, field: null },
  scope: 'file',
  check({ file, options, report }) {
    const kind = kindOf(file);
    const value = file.value;
    if (!value) return;
    if (kind === 'odps') {
      checkName(value.id, toRegExp(options.product), ['id'], 'product id', report);
      checkName(value.domain, toRegExp(options.domain), ['domain'], 'domain', report);
      const port = toRegExp(options.port);
      for (const list of ['inputPorts', 'outputPorts', 'managementPorts']) {
        for (const [p, i] of records(value[list])) checkName(str(p.name), port, [list, i, 'name'], 'port name', report);
      }
    }
    if (kind === 'odcs') {
      const field = toRegExp(options.field);
      if (field) for (const f of contractFields(value)) checkName(str(f.field.name), field, [...f.path, 'name'], 'field name', report);
    }
  },
});
