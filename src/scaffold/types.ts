/** The vocabulary of scaffolding: template packs, answers, and what rendering produces. */

export const OUTPUT_KINDS = ['table', 'files', 'stream', 'api'] as const;
export const INPUT_KINDS = ['product', 'cdc', 'stream', 'files'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];
export type InputKind = (typeof INPUT_KINDS)[number];

export const LOGICAL_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'timestamp'] as const;
export type LogicalType = (typeof LOGICAL_TYPES)[number];

/** A JSON Schema, as far as dp reads it to ask questions. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  default?: unknown;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  $ref?: string;
  'x-dp-default'?: string;
  'x-dp-prompt'?: boolean;
  'x-dp-flag'?: string;
  'x-dp-list'?: 'port';
  [keyword: string]: unknown;
}

export type Answers = Record<string, unknown>;

export interface DatasetField {
  name: string;
  type: LogicalType;
  description: string;
  classification: string;
  key?: boolean;
  required?: boolean;
  unique?: boolean;
  partitioned?: boolean;
  examples?: Array<string | number | boolean>;
  validValues?: string[];
  /** The kind of data subject the field identifies (a subject key, docs/control.md). */
  subject?: string;
}

export interface Dataset {
  grain?: string;
  fields: DatasetField[];
}

/** A condition: dotted paths of the render scope and the value (or values) each must have. */
export type Condition = Record<string, string | number | boolean | Array<string | number | boolean>>;

export const GENERATORS = [
  'descriptor',
  'contract',
  'answers',
  'asyncapi',
  'openapi',
  'ci-workflow',
  'input-binding',
  'observation-slos',
  'observation-checks',
  'control-policies',
] as const;
export type GeneratorName = (typeof GENERATORS)[number];

export interface PackFile {
  /** Target path, may contain Handlebars expressions. */
  path: string;
  template?: string;
  copy?: string;
  generator?: GeneratorName;
  each?: 'outputs' | 'inputs';
  when?: string | Condition;
}

/** Where a pack came from: dp's own templates/, the organisation's template directory (dp.config.yaml), or a directory named with --template. */
export type PackOrigin = 'builtin' | 'organisation' | 'local';

export interface Pack {
  id: string;
  version: string;
  description: string;
  archetype?: string;
  origin: PackOrigin;
  /** Directory of the pack's manifest. */
  dir: string;
  /** The questions (a JSON Schema of the answers); a top-level $ref to dp's standard questions is kept as is. */
  questions: JsonSchema;
  defaults: Answers;
  dataset?: Dataset;
  conditions: Record<string, Condition>;
  files: PackFile[];
  /** Every template and copied file, by the key used in `files` (loaded up front so that render is pure). */
  sources: Map<string, PackSource>;
}

export interface PackSource {
  text: string;
  /** Where it is, for error messages. */
  display: string;
}

/** A pack as listed by --list-templates. */
export type PackSummary = Pick<Pack, 'id' | 'version' | 'description' | 'archetype' | 'origin' | 'dir'>;

/** Where an answer came from, for error messages. */
export type AnswerSource =
  | { kind: 'flag'; flag: string }
  | { kind: 'set' }
  | { kind: 'file'; file: string }
  | { kind: 'prompt' }
  | { kind: 'default' };

export type Rendered = Map<string, string>;
