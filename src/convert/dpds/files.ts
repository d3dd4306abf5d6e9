/**
 * The files of a DPDS product: the descriptor and what its `$ref`s name.
 * References are followed only inside the descriptor's directory (relative
 * paths, no `..` out of it, no symbolic link out of it, no URL); JSON and
 * YAML files are read with dp's safe loader. Every node remembers its file,
 * so notes point at the right file, line and column.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isMap, isSeq, visit, type Node } from 'yaml';
import { DpError } from '../../errors.js';
import { startOf, text } from '../nodes.js';
import type { Locator, Notes } from '../notes.js';
import type { Path } from '../types.js';
import { readYamlSource, type YamlSource } from '../source.js';

const MAX_DEPTH = 32;

export interface Resolved {
  node: Node;
  source: YamlSource;
  /** Where the node is in its file. */
  path: Path;
}

export class ProductFiles {
  readonly root: string;
  private readonly realRoot: string;
  private readonly files = new Map<string, YamlSource>();
  private readonly owners = new WeakMap<object, YamlSource>();
  /** Pointers into `components` that some reference used. */
  readonly usedPointers = new Set<string>();

  constructor(
    readonly descriptor: YamlSource,
    private readonly cwd: string,
  ) {
    this.root = dirname(descriptor.path);
    this.realRoot = realpathSync(this.root);
    this.adopt(descriptor);
  }

  /** Files read besides the descriptor (absolute paths). */
  referenced(): string[] {
    return [...this.files.keys()].filter((p) => p !== this.descriptor.path);
  }

  readonly locate: Locator = (node) => {
    const source = this.owners.get(node as object) ?? this.ownerOfPair(node);
    return { source: source ?? this.descriptor, offset: startOf(node) };
  };

  private ownerOfPair(node: unknown): YamlSource | undefined {
    const key = (node as { key?: object } | null)?.key;
    return key ? this.owners.get(key) : undefined;
  }

  private adopt(source: YamlSource): void {
    this.files.set(source.path, source);
    visit(source.doc, {
      Node: (_, node) => {
        this.owners.set(node, source);
      },
    });
  }

  private fail(from: YamlSource, at: unknown, message: string, hint?: string): DpError {
    const offset = startOf(at);
    const position = offset === undefined ? undefined : from.position(offset);
    return new DpError('input', message, { location: { file: from.display, line: position?.line, column: position?.column }, hint });
  }

  private load(ref: string, from: YamlSource, at: unknown): YamlSource {
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//')) {
      throw this.fail(
        from,
        at,
        `\`${ref}\` is a URL: dp follows only references to files inside the product directory`,
        'copy the referenced file into the product directory and refer to it by a relative path',
      );
    }
    if (isAbsolute(ref)) throw this.fail(from, at, `\`${ref}\` is an absolute path: dp follows only relative references inside the product directory`);
    const path = resolve(dirname(from.path), ref);
    const outside = (p: string, root: string) => p !== root && !p.startsWith(root + sep);
    if (outside(path, this.root))
      throw this.fail(from, at, `\`${ref}\` leaves the product directory ${this.root}`, 'dp follows references inside the product directory only');
    if (!existsSync(path)) throw this.fail(from, at, `\`${ref}\` names no file (looked for ${relative(this.cwd, path) || path})`);
    if (outside(realpathSync(path), this.realRoot))
      throw this.fail(from, at, `\`${ref}\` is a symbolic link out of the product directory`, 'dp follows references inside the product directory only');
    const known = this.files.get(path);
    if (known) return known;
    const source = readYamlSource(path, relative(this.cwd, path).split(sep).join('/') || path);
    this.adopt(source);
    return source;
  }

  private pointer(source: YamlSource, fragment: string, from: YamlSource, at: unknown): { node: Node; path: Path } {
    let node: unknown = source.doc.contents;
    const path: Array<string | number> = [];
    for (const raw of fragment.split('/').filter(Boolean)) {
      const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      node = isMap(node) ? node.get(part, true) : isSeq(node) ? node.items[Number(part)] : undefined;
      path.push(isSeq(node) ? Number(part) : part);
      if (node === undefined) throw this.fail(from, at, `\`#${fragment}\` names nothing in ${source.display}`);
    }
    return { node: node as Node, path };
  }

  /** What a reference object points to; `at` is the `$ref` value (for positions). */
  follow(ref: string, from: YamlSource, at: unknown, depth = 0): Resolved {
    if (depth > MAX_DEPTH) throw this.fail(from, at, `\`${ref}\`: references nest deeper than ${MAX_DEPTH} levels (a cycle?)`);
    const [file, fragment = ''] = ref.split('#');
    const source = file === '' ? from : this.load(file, from, at);
    if (file === '' && fragment.startsWith('/components/')) this.usedPointers.add(fragment);
    const { node, path } = this.pointer(source, fragment, from, at);
    const next = isMap(node) ? text(node.get('$ref')) : undefined;
    if (next !== undefined && isMap(node) && node.items.length <= 3) return this.follow(next, source, node.get('$ref', true), depth + 1);
    return { node, source, path };
  }

  /** Follows `node` (at `path` of `from`) when it is a reference object; else returns it with its file. */
  resolve(node: unknown, from: YamlSource, path: Path): Resolved | undefined {
    if (!isMap(node)) return node === undefined || node === null ? undefined : { node: node as Node, source: from, path };
    const ref = text(node.get('$ref'));
    if (ref === undefined) return { node, source: this.owners.get(node) ?? from, path };
    return this.follow(ref, this.owners.get(node) ?? from, node.get('$ref', true));
  }

  /** A reference written in `from`, as a path relative to the product directory (forward slashes). */
  fromRoot(from: YamlSource, ref: string): string {
    const [file, fragment] = ref.split('#');
    const rel = relative(this.root, resolve(dirname(from.path), file))
      .split(sep)
      .join('/');
    return fragment === undefined ? rel : `${rel}#${fragment}`;
  }

  /** A path for humans: relative to the working directory. */
  display(path: string): string {
    return relative(this.cwd, join(path)).split(sep).join('/');
  }
}

/** What the conversion of one DPDS product shares between its ports. */
export interface ProductContext {
  files: ProductFiles;
  notes: Notes;
  label: string;
  /** `slug` is the DPDS technical name (contract ids are `<slug>.<port>`); `name` the display name. */
  product: { id: string; name?: string; slug: string; status: string; domain?: string; owner?: Record<string, unknown> };
  /** Contract file names already taken. */
  contractFiles: Set<string>;
}
