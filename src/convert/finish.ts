/** The last steps of every converted document: the pass over unknown keys, then the text in the source's layout. */
import type { Document } from 'yaml';
import { layoutOf, render } from './document.js';
import type { Notes } from './notes.js';
import { relocateUnknownKeys } from './relocate.js';
import type { YamlSource } from './source.js';
import type { Path, TargetKind } from './types.js';

export interface FinishOptions {
  kind: TargetKind;
  notes: Notes;
  label: string;
  origins?: WeakMap<object, Path>;
}

export function finish(doc: Document, source: YamlSource, options: FinishOptions): string {
  relocateUnknownKeys(doc, options);
  return render(doc, layoutOf(source));
}
