/** Ports written as `name:kind[:ref]` on the command line, in prompts and in --set. */

export interface PortSpec {
  name: string;
  kind: string;
  ref?: string;
}

/** Splits one spec; the ref keeps any further colons (s3://bucket/path, schema.table). Checking the parts is the schema's job. */
export function parsePortSpec(text: string): PortSpec {
  const trimmed = text.trim();
  const first = trimmed.indexOf(':');
  if (first === -1) return { name: trimmed, kind: '' };
  const name = trimmed.slice(0, first).trim();
  const rest = trimmed.slice(first + 1);
  const second = rest.indexOf(':');
  if (second === -1) return { name, kind: rest.trim() };
  const ref = rest.slice(second + 1).trim();
  return ref === '' ? { name, kind: rest.slice(0, second).trim() } : { name, kind: rest.slice(0, second).trim(), ref };
}

/** A comma-separated list of specs; commas inside a ref are not supported (refs are ids, tables, topics or URLs). */
export function parsePortList(text: string): PortSpec[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parsePortSpec);
}

export function formatPortSpec(port: PortSpec): string {
  return port.ref === undefined ? `${port.name}:${port.kind}` : `${port.name}:${port.kind}:${port.ref}`;
}

/** Ports in an answers file may be objects or specs; specs become objects. */
export function normalisePorts(value: unknown): unknown {
  if (typeof value === 'string') return parsePortList(value);
  if (!Array.isArray(value)) return value;
  return value.map((item) => (typeof item === 'string' ? parsePortSpec(item) : item));
}
