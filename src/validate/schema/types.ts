/** The shape of ajv's precompiled validators and of their errors (built with `messages: false`). */
export interface AjvError {
  /** JSON Pointer to the value in the document. */
  instancePath: string;
  /** Position of the keyword in the schema, relative to the compiled function's schema. */
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  propertyName?: string;
}

export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

/** A JSON Schema node as dp's own schemas use them (a subset of draft 2019-09). */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  required?: string[];
  description?: string;
  properties?: Record<string, SchemaNode | boolean>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode | boolean;
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  not?: SchemaNode;
  if?: SchemaNode;
  then?: SchemaNode;
  else?: SchemaNode;
  discriminator?: { propertyName: string };
  $defs?: Record<string, SchemaNode>;
}
