/**
 * A declarative rule compiled into a rule of the engine: it selects nodes of the descriptor or
 * of each contract and checks each against its JSON Schema fragment (compiled once by ajv).
 * A finding points at what the schema reports (a wrong value at the value, an unknown key at
 * the key, a missing key at the node), as the built-in rules' findings do.
 */
import { fromPointer } from '../../descriptor/derived/record.js';
import type { PathSegment } from '../../descriptor/positions.js';
import type { Target } from '../../descriptor/positions.js';
import type { CompiledValidator, SchemaError } from '../../config/document.js';
import { defineRule, type AnyRule } from '../rule.js';
import type { Selected, Selector } from './selectors.js';
import type { DeclarativeRule } from './types.js';

const pointer = fromPointer;

/** Where the finding points: the offending value, an unknown key, or the node missing a key. */
function located(error: SchemaError): { path: PathSegment[]; target: Target } {
  const path = pointer(error.instancePath);
  if (error.keyword === 'additionalProperties' && typeof error.params.additionalProperty === 'string')
    return { path: [...path, error.params.additionalProperty], target: 'key' };
  return { path, target: 'value' };
}

function mainError(errors: SchemaError[]): SchemaError {
  const specific = errors.filter((e) => !['if', 'anyOf', 'oneOf', 'not', 'allOf'].includes(e.keyword));
  return specific.sort((a, b) => b.instancePath.length - a.instancePath.length)[0] ?? errors[0];
}

function pathText(path: PathSegment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** `{name}`, `{path}`, `{value}`, `{error}`, or any own key of the selected node; unknown ones stay as written. */
export function interpolate(text: string, selected: Selected, error: SchemaError | undefined): string {
  const node = selected.node;
  return text.replace(/\{([A-Za-z_][\w-]*)\}/g, (whole, key: string) => {
    if (key === 'path') return pathText(selected.path);
    if (key === 'error') return error ? `${pathText(pointer(error.instancePath)) || 'the node'} ${error.message ?? error.keyword}` : '';
    if (key === 'value') return typeof node === 'object' ? JSON.stringify(node) : String(node);
    if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, key)) {
      const v = (node as Record<string, unknown>)[key];
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    return whole;
  });
}

/**
 * The rules of one selector, checked together: one validator made of all their schemas
 * (`allOf`, stopping at the first failure) runs once per node, and only a node it refuses is
 * checked again by each rule's own validator (compiled on first need) to find which rules fail
 * and why. A node passes nearly always; this way it costs one call, not one per rule.
 */
export class SelectorGroup {
  private readonly failing = new WeakMap<object, Selected[]>();

  constructor(
    readonly selector: Selector,
    /** The group's rules over a whole document (see selectors.ts, documentSchema), when it can be built. */
    private readonly whole: CompiledValidator | undefined,
    /** The group's rules on one node, compiled on first need. */
    private readonly all: () => CompiledValidator,
  ) {}

  /** The nodes of a document that fail at least one of the group's rules. */
  failingIn(value: Record<string, unknown>): Selected[] {
    let nodes = this.failing.get(value);
    if (!nodes) {
      if (this.whole?.(value)) nodes = [];
      else {
        const all = this.all();
        nodes = this.selector.select(value).filter((s) => !all(s.node));
      }
      this.failing.set(value, nodes);
    }
    return nodes;
  }
}

export function compileDeclarative(def: DeclarativeRule, group: SelectorGroup, own: () => CompiledValidator, source: string): AnyRule {
  const selector = group.selector;
  return defineRule({
    id: def.id,
    description: def.description ?? def.message,
    help: `Declared in ${source}: every node of \`${def.select}\` matches the rule's JSON Schema.`,
    category: 'custom',
    basis: 'organisation',
    severity: def.severity ?? 'error',
    scope: selector.document === 'descriptor' ? 'descriptor' : 'contract',
    check({ file, report }) {
      if (!file.value) return;
      const failing = group.failingIn(file.value);
      if (failing.length === 0) return;
      const validate = own();
      for (const selected of failing) {
        if (validate(selected.node)) continue;
        const error = mainError(validate.errors ?? []);
        const at = error ? located(error) : { path: [], target: 'value' as Target };
        report({
          path: [...selected.path, ...at.path],
          target: at.target,
          message: interpolate(def.message, selected, error),
          hint: def.hint ? interpolate(def.hint, selected, error) : undefined,
        });
      }
    },
  });
}
