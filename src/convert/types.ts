/**
 * The vocabulary of `dp convert`: what a conversion produces (output files)
 * and what it says about the input (notes), so that nothing is carried over,
 * changed or left behind without a word.
 */

/** A place in a document: keys and list indexes from the root. */
export type Path = ReadonlyArray<string | number>;

/**
 * - `custom-property`: no home in the target standard; kept under the nearest `customProperties`.
 * - `dropped`: no home and not kept (`--unmapped drop`, or never copied, such as credentials).
 * - `changed`: carried over in another form a reviewer should look at (an enum became a quality rule...).
 * - `defaulted`: the target requires a value the source does not have; dp wrote a default.
 * - `resolved`: a reference (`$ref`) was replaced by what it points to.
 * - `invalid`: the written document does not pass the target's schema at that place; it needs a fix.
 */
export type NoteKind = 'custom-property' | 'dropped' | 'changed' | 'defaulted' | 'resolved' | 'invalid';

export const NOTE_KINDS: readonly NoteKind[] = ['invalid', 'dropped', 'custom-property', 'changed', 'defaulted', 'resolved'];

/** Kinds that mean something was not carried over as the target standard's own construct (they fail `--strict`). */
export const LOSS_KINDS: readonly NoteKind[] = ['custom-property', 'dropped'];

export interface Note {
  kind: NoteKind;
  /** Display path of the file the note is about (the source file; the output file for `invalid`). */
  file: string;
  line?: number;
  column?: number;
  /** The place in that file, as `models.orders.fields.id.config`. */
  path: string;
  message: string;
  hint?: string;
  /** Where it went in the output (`custom-property`): `schema[0].properties[2].customProperties`. */
  target?: string;
}

export type TargetKind = 'odcs' | 'odps';

export interface OutputFile {
  /** Absolute path. */
  path: string;
  /** Path shown to the user. */
  display: string;
  kind: TargetKind;
  text: string;
  /** What the file holds now, when it exists (the diff's left side). */
  before?: string;
  /** `create` a new file, `overwrite` an existing one (`--force`), or replace the source itself (`in-place`). */
  action: 'create' | 'overwrite' | 'in-place';
}

export interface Conversion {
  /** Display path of the converted file (a DPDS descriptor for products). */
  source: string;
  /** Absolute path of the converted file. */
  sourcePath: string;
  /** What the source is: `Data Contract Specification 1.2.1`, `ODCS v3.0.2`, `DPDS 1.0.0`. */
  from: string;
  /** What it became: `ODCS v3.1.0`, or `ODPS v1.0.0 and ODCS v3.1.0`. */
  to: string;
  outputs: OutputFile[];
  notes: Note[];
}

/** What to do with content the target standard has no place for. */
export type Unmapped = 'custom-properties' | 'drop';

/** `schema[0].properties[2]`, `models.orders.fields["order id"]`. */
export function formatPath(path: Path): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

export interface ProducedDocument {
  /** Path relative to the product directory (DPDS); undefined for the one document of a contract conversion. */
  rel?: string;
  kind: TargetKind;
  text: string;
}

export interface Produced {
  from: string;
  to: string;
  documents: ProducedDocument[];
  notes: Note[];
  /** Other files the conversion read (the files a DPDS descriptor refers to). */
  consumed: string[];
}
