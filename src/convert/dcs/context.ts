/** What the parts of the Data Contract Specification conversion share. */
import type { YAMLMap } from 'yaml';
import { CustomBag, type Notes } from '../notes.js';
import type { QualityContext } from '../quality.js';
import type { Path } from '../types.js';
import type { Definitions } from './refs.js';

export interface DcsContext extends QualityContext {
  notes: Notes;
  /** `Data Contract Specification 1.2.1`. */
  label: string;
  definitions: Definitions;
  /** Server types of the contract, in order, to pick a physical type from a field's `config`. */
  serverTypes: string[];
  /** Output maps of schema objects by model name (model-level quality of older versions lands there). */
  objects: Map<string, YAMLMap>;
  /** Source paths of output maps (servers, objects, properties, rules), for notes of the final pass. */
  origins: WeakMap<object, Path>;
}

export function bagFor(ctx: DcsContext, owner: Path): CustomBag {
  return new CustomBag(ctx.notes, owner, ctx.label);
}
