/**
 * The placeholders dp generated (recorded in `.dp/generated.yaml`) that a product still holds:
 * a recorded value still at its place or anywhere in its file, a stub line still in its file.
 * What the team replaced is no longer a placeholder, whatever else changed around it.
 */
import type { Placeholder } from '../../descriptor/derived/record.js';
import { valueAt } from '../../descriptor/model.js';
import type { PathSegment, Span } from '../../descriptor/positions.js';
import type { Product } from '../../descriptor/product.js';
import type { SourceFile } from '../../descriptor/source.js';
import { plainFile, productFiles } from './product-files.js';

export interface HeldPlaceholder {
  placeholder: Placeholder;
  file: SourceFile;
  path?: PathSegment[];
  span?: Span;
}

function findValue(value: unknown, wanted: string, path: PathSegment[] = []): PathSegment[] | undefined {
  if (value === wanted) return path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findValue(value[i], wanted, [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = findValue(v, wanted, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

function heldValue(p: Placeholder, file: SourceFile | undefined): HeldPlaceholder | undefined {
  if (!file?.value || p.value === undefined) return undefined;
  const path = p.path && valueAt(file.value, p.path) === p.value ? p.path : findValue(file.value, p.value);
  return path ? { placeholder: p, file, path } : undefined;
}

function heldLine(p: Placeholder, path: string, display: string, text: string | undefined): HeldPlaceholder | undefined {
  if (text === undefined || p.line === undefined) return undefined;
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.trim() === p.line);
  if (i === -1) return undefined;
  const column = lines[i].length - lines[i].trimStart().length + 1;
  return { placeholder: p, file: plainFile(path, display, text), span: { line: i + 1, column, endLine: i + 1, endColumn: column + p.line.length } };
}

export function heldPlaceholders(product: Product): HeldPlaceholder[] {
  const files = productFiles(product);
  if (!files) return [];
  const out: HeldPlaceholder[] = [];
  for (const p of files.record.placeholders) {
    const held = p.line !== undefined ? heldLine(p, p.file, `${files.display}${p.file}`, files.text(p.file)) : heldValue(p, files.yaml(p.file));
    if (held) out.push(held);
  }
  return out;
}

/** A product released to consumers: `status: active`, or a version of 1.0.0 or more. */
export function isReleased(product: Product): boolean {
  const d = product.descriptor.value;
  const major = typeof d?.version === 'string' ? Number(/^(\d+)\./.exec(d.version)?.[1]) : NaN;
  return d?.status === 'active' || major >= 1;
}

export function describePlaceholder(h: HeldPlaceholder): string {
  const p = h.placeholder;
  if (p.what === 'stub') return `${p.file}:${h.span!.line} is the stub dp generated, not implemented yet (${p.line})`;
  const where = h.path!.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
  return p.what === 'todo' ? `\`${where}\` in ${p.file} is still \`${p.value}\`` : `\`${where}\` in ${p.file} is still the example URL ${p.value}`;
}
