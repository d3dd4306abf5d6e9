/**
 * Rendering is pure: a loaded pack and complete answers in, a map of relative
 * path -> content out. Nothing here touches the file system; the writer
 * decides what happens to the target directory.
 */
import { DpError } from '../errors.js';
import { holds } from './conditions.js';
import { GENERATOR_TABLE, generate, type GeneratorScope } from './generators/index.js';
import { compileTemplate, type Template } from './handlebars.js';
import { buildModel, type ModelOptions, type ProductModel } from './model.js';
import { unsafePathReason } from './safe-path.js';
import type { Answers, Pack, PackFile, Rendered } from './types.js';

export type RenderOptions = ModelOptions;

type Scope = GeneratorScope & Record<string, unknown>;

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
    if (reason) throw packError(this.pack, `the file path "${file.path}" renders to "${path}", which ${reason}`, 'a pack can only write inside the product directory');
    return path;
  }

  content(file: PackFile, scope: Scope): string {
    if (file.generator) {
      const needs = GENERATOR_TABLE[file.generator].needs;
      if (needs && file.each !== needs) throw packError(this.pack, `generator ${file.generator} runs once per port: add \`each: ${needs}\` to ${file.path}`);
      return generate(file.generator, scope);
    }
    const key = (file.template ?? file.copy)!;
    const source = this.pack.sources.get(key);
    if (!source) throw packError(this.pack, `${key} was not loaded`);
    return file.copy ? source.text : this.template(key, source.text, source.display)(scope);
  }
}

export function render(pack: Pack, answers: Answers, options: RenderOptions): Rendered {
  const product = buildModel(pack, answers, options);
  const renderer = new Renderer(pack);
  const rendered: Rendered = new Map();
  const plainAnswers = structuredClone({ ...answers });
  for (const file of pack.files) {
    const condition = typeof file.when === 'string' ? pack.conditions[file.when] : file.when;
    for (const port of instances(file, product)) {
      const scope: Scope = { answers: plainAnswers, product, port };
      if (condition && !holds(condition, scope)) continue;
      const path = renderer.path(file, scope);
      if (rendered.has(path)) throw packError(pack, `two files render to the same path ${path}`, 'make the path depend on {{port.name}} or add a condition');
      rendered.set(path, renderer.content(file, scope));
    }
  }
  return rendered;
}
