/**
 * Collecting notes with positions, and keeping what has no home in the target
 * standard: as a `customProperties` entry of the nearest object that has them
 * (named after the source key, with a description saying where it came from),
 * or dropped with `--unmapped drop`. Either way it is listed.
 */
import type { Node, YAMLMap } from 'yaml';
import { findPair, pair, plain, startOf, toNode } from './nodes.js';
import type { YamlSource } from './source.js';
import { formatPath, type Note, type NoteKind, type Path, type Unmapped } from './types.js';

/** Where a node came from: its file and offset (a DPDS product reads several files). */
export type Locator = (node: unknown) => { source: YamlSource; offset?: number } | undefined;

export class Notes {
  readonly list: Note[] = [];

  constructor(
    private readonly locate: Locator,
    readonly unmapped: Unmapped,
  ) {}

  static forSource(source: YamlSource, unmapped: Unmapped): Notes {
    return new Notes((node) => ({ source, offset: startOf(node) }), unmapped);
  }

  add(kind: NoteKind, at: unknown, path: Path, message: string, extra: { hint?: string; target?: string } = {}): void {
    const where = this.locate(at);
    const position = where && where.offset !== undefined ? where.source.position(where.offset) : undefined;
    this.list.push({ kind, file: where?.source.display ?? '', line: position?.line, column: position?.column, path: formatPath(path), message, ...extra });
  }
}

/** The `customProperties` of one object of the output, filled as leftovers are found. */
export class CustomBag {
  private readonly entries: YAMLMap[] = [];

  /** `owner` is the output object's path, for messages (`schema[0].properties[2]`). */
  constructor(
    private readonly notes: Notes,
    readonly owner: Path,
    private readonly sourceLabel: string,
    private readonly standard = 'ODCS v3.1.0',
    /** The output file, when the conversion writes several (`contracts/events.odcs.yaml`). */
    private readonly file?: string,
  ) {}

  /**
   * Keeps `value` (a node of the source at `from`) under this object's customProperties as `property`,
   * or drops it with `--unmapped drop`; notes it either way. `why` ends the message.
   */
  keep(property: string, value: Node | undefined, at: unknown, from: Path, why?: string): void {
    const reason = why ?? `${this.standard} has no place for it`;
    if (this.notes.unmapped === 'drop') {
      this.notes.add('dropped', at, from, reason);
      return;
    }
    const target = `${this.file ? `${this.file}: ` : ''}${formatPath([...this.owner, 'customProperties'])}`;
    const entry = toNode({ property }) as YAMLMap;
    const comment = (at as { key?: { commentBefore?: string } } | null)?.key?.commentBefore;
    if (comment) entry.commentBefore = comment;
    entry.items.push(pair('value', value === undefined ? null : cloneOf(value)));
    entry.items.push(pair('description', `${this.sourceLabel}: \`${formatPath(from)}\``));
    this.entries.push(entry);
    this.notes.add('custom-property', at, from, reason, { target });
  }

  get size(): number {
    return this.entries.length;
  }

  /** Appends the entries to `map`'s customProperties (creating the list at the end of the map). */
  flushInto(map: YAMLMap): void {
    if (this.entries.length === 0) return;
    const existing = findPair(map, 'customProperties');
    const list = existing?.value as { items?: unknown[] } | undefined;
    if (list && Array.isArray(list.items)) list.items.push(...this.entries);
    else map.items.push(pair('customProperties', this.entries));
    this.entries.length = 0;
  }
}

function cloneOf(node: Node): Node {
  return (node as { clone?: () => Node }).clone?.() ?? toNode(plain(node));
}
