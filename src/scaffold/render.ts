/**
 * Rendering is pure: a loaded pack and complete answers in, a map of relative
 * path -> content out. Nothing here touches the file system; the writer
 * decides what happens to the target directory.
 *
 * Derived files (the observation and control files, the discovery README: a generator of
 * dp's that derives, or `derived: true` in the manifest) are rendered from the facts of the
 * descriptor and contracts, not from the answers: from the generated documents at `dp init`,
 * from the documents as they are at `dp sync`, so both give the same file.
 */
import { factsOf, type ProductFacts } from '../descriptor/derived/facts.js';
import { isDerivedGenerator } from '../descriptor/derived/files.js';
import { DpError } from '../errors.js';
import { holds } from './conditions.js';
import { modelFromFacts } from './derived-model.js';
import { contract } from './generators/contract.js';
import { descriptor } from './generators/descriptor.js';
import { GENERATOR_TABLE, generate, type GeneratorScope } from './generators/index.js';
import { compileTemplate, type Template } from './handlebars.js';
import { buildModel, type ModelOptions, type ProductModel } from './model.js';
import { placeholdersInData, placeholdersInText, type Placeholder } from './placeholders.js';
import { unsafePathReason } from './safe-path.js';
import type { Answers, Pack, PackFile, Rendered } from './types.js';

export type RenderOptions = ModelOptions;

export interface RenderResult {
  files: Rendered;
  /** Derived files, by path: what derives them (a generator's name, or `template`). */
  derived: Map<string, string>;
  placeholders: Placeholder[];
  /** The facts the derived files were rendered from. */
  facts: ProductFacts;
}

export interface RenderScope {
  /** Render only the derived files. */
  derivedOnly?: boolean;
  /** The facts derived files follow (default: those of the generated descriptor and contracts). */
  facts?: ProductFacts;
}

type Scope = GeneratorScope & Record<string, unknown>;

export function isDerivedFile(file: PackFile): boolean {
  return file.derived === true || (file.generator !== undefined && isDerivedGenerator(file.generator));
}

function instances(file: PackFile, product: ProductModel): Array<GeneratorScope['port']> {
  if (file.each === 'outputs') return product.outputs;
  if (file.each === 'inputs') return product.inputs;
  return [undefined];
}

function packError(pack: Pack, message: string, hint?: string): DpError {
  // A built-in pack that renders something wrong is a bug in dp; a local pack is the user's configuration.
  return new DpError(pack.origin === 'builtin' ? 'internal' : 'config', `template pack ${pack.id}: ${message}`, { hint });
}

class Renderer {
  private readonly templates = new Map<string, Template>();

  constructor(private readonly pack: Pack) {}

  template(key: string, source: string, display: string): Template {
    let t = this.templates.get(key);
    if (!t) {
      t = compileTemplate(source, display);
      this.templates.set(key, t);
    }
    return t;
  }

  path(file: PackFile, scope: Scope): string {
    const path = this.template(`path:${file.path}`, file.path, `${this.pack.id}: path "${file.path}"`)(scope);
    const reason = unsafePathReason(path);
    if (reason)
      throw packError(this.pack, `the file path "${file.path}" renders to "${path}", which ${reason}`, 'a pack can only write inside the product directory');
    return path;
  }

  content(file: PackFile, scope: Scope): { text: string; data?: unknown } {
    if (file.generator) {
      const needs = GENERATOR_TABLE[file.generator].needs;
      if (needs && file.each !== needs) throw packError(this.pack, `generator ${file.generator} runs once per port: add \`each: ${needs}\` to ${file.path}`);
      return generate(file.generator, scope);
    }
    const key = (file.template ?? file.copy)!;
    const source = this.pack.sources.get(key);
    if (!source) throw packError(this.pack, `${key} was not loaded`);
    return { text: file.copy ? source.text : this.template(key, source.text, source.display)(scope) };
  }
}

/** The facts of what dp generates for these answers: its descriptor and one contract per output port. */
export function generatedFacts(product: ProductModel): ProductFacts {
  return factsOf(
    descriptor(product),
    product.outputs.map((o) => ({ file: o.contractFile, value: contract(product, o) })),
  );
}

export function renderProduct(pack: Pack, answers: Answers, options: RenderOptions, only: RenderScope = {}): RenderResult {
  const product = buildModel(pack, answers, options);
  const facts = only.facts ?? generatedFacts(product);
  const derivedProduct = modelFromFacts(facts, product);
  const renderer = new Renderer(pack);
  const result: RenderResult = { files: new Map(), derived: new Map(), placeholders: [], facts };
  const plainAnswers = structuredClone({ ...answers });
  for (const file of pack.files) {
    const derived = isDerivedFile(file);
    if (only.derivedOnly && !derived) continue;
    const model = derived ? derivedProduct : product;
    const condition = typeof file.when === 'string' ? pack.conditions[file.when] : file.when;
    for (const port of instances(file, model)) {
      const scope: Scope = { answers: plainAnswers, product: model, port, facts };
      if (condition && !holds(condition, scope)) continue;
      const path = renderer.path(file, scope);
      if (result.files.has(path))
        throw packError(pack, `two files render to the same path ${path}`, 'make the path depend on {{port.name}} or add a condition');
      const { text, data } = renderer.content(file, scope);
      result.files.set(path, text);
      if (derived) result.derived.set(path, file.generator ?? 'template');
      else if (!path.startsWith('.dp/')) result.placeholders.push(...(data !== undefined ? placeholdersInData(path, data) : placeholdersInText(path, text)));
    }
  }
  return result;
}

export function render(pack: Pack, answers: Answers, options: RenderOptions): Rendered {
  return renderProduct(pack, answers, options).files;
}
