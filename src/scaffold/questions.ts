/** The questions of a pack, read from its JSON Schema: the one definition behind prompts, flags, --set and validation. */
import { ANSWERS_SCHEMA_ID, readDpSchema } from './pack-manifest.js';
import { schemaAt } from './schema-errors.js';
import type { JsonSchema, Pack } from './types.js';

export type QuestionKind = 'text' | 'select' | 'integer' | 'number' | 'boolean' | 'ports' | 'list';

export interface Question {
  key: string;
  schema: JsonSchema;
  title: string;
  description?: string;
  required: boolean;
  kind: QuestionKind;
  choices?: unknown[];
  /** A fixed default (the pack's own default wins over the question's). */
  defaultValue?: unknown;
  /** A default computed from earlier answers (Handlebars). */
  derivedDefault?: string;
  /** False: never prompted, set only by flags, --set or a file. */
  prompt: boolean;
  flag?: string;
}

/** The questions schema itself: dp's standard questions when the pack refers to them. */
export function questionsSchema(pack: Pack): JsonSchema {
  return usesStandardQuestions(pack) ? readDpSchema('dp-answers') : pack.questions;
}

export function usesStandardQuestions(pack: Pack): boolean {
  return pack.questions.$ref === ANSWERS_SCHEMA_ID && Object.keys(pack.questions).length === 1;
}

function kindOf(schema: JsonSchema): QuestionKind {
  if (Array.isArray(schema.enum)) return 'select';
  if (schema.type === 'array') return schema['x-dp-list'] === 'port' ? 'ports' : 'list';
  if (schema.type === 'integer' || schema.type === 'number' || schema.type === 'boolean') return schema.type;
  return 'text';
}

export function listQuestions(pack: Pack): Question[] {
  const root = questionsSchema(pack);
  const required = new Set(root.required ?? []);
  return Object.keys(root.properties ?? {}).map((key) => {
    const schema = schemaAt(root, [key]) ?? {};
    const packDefault = Object.hasOwn(pack.defaults, key);
    return {
      key,
      schema,
      title: schema.title ?? key,
      description: schema.description,
      required: required.has(key),
      kind: kindOf(schema),
      choices: schema.enum,
      defaultValue: packDefault ? pack.defaults[key] : schema.default,
      derivedDefault: packDefault ? undefined : schema['x-dp-default'],
      prompt: schema['x-dp-prompt'] !== false,
      flag: schema['x-dp-flag'],
    };
  });
}

export function hasDefault(q: Question): boolean {
  return q.defaultValue !== undefined || q.derivedDefault !== undefined;
}

/** How to give a question's answer on the command line. */
export function flagFor(q: Question): string {
  const value = q.choices ? q.choices.join('|') : q.kind === 'ports' ? (q.key === 'inputs' ? 'name:kind[:ref]' : 'name:kind') : q.key;
  return q.flag ? `${q.flag} <${value}>` : `--set ${q.key}=<${value}>`;
}
