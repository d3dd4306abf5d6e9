/** An explained schema problem, before it gets a position. */
import type { SchemaNode } from './types.js';
import type { Path } from './wording.js';

export type SchemaRuleId = 'schema-unknown-key' | 'schema-missing-key' | 'schema-type' | 'schema-enum' | 'schema-format' | 'schema-invalid';

export interface Issue {
  ruleId: SchemaRuleId;
  path: Path;
  /** `key` points at the last key of the path (unknown keys), `value` at the value. */
  target: 'value' | 'key';
  message: string;
  hint?: string;
  /** Unknown key in a mapping that allows no key at all. */
  closed?: boolean;
  /** The key a missing-key issue is about. */
  missing?: string;
}

export interface ExplainContext {
  /** The standard and version the document is checked against, as messages name it (`ODCS v3.0.2`). */
  standard: string;
  data: unknown;
  /** dp's JSON Schema for the document, read on first use. */
  schema(): SchemaNode;
  /** The source text of the value at a path, as written. */
  source(path: Path): string | undefined;
}
