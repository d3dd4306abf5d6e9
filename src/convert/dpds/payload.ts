/**
 * Data structures a DPDS port's API describes, as ODCS v3.1.0 properties:
 * Avro records (event payloads), JSON Schema objects (AsyncAPI's default) and
 * the column lists of DPDS `schemata` table definitions. Plain values in,
 * plain values out; what a type cannot say in ODCS stays in `physicalType`.
 */
type Json = Record<string, unknown>;
export type Property = Record<string, unknown>;

const AVRO: Record<string, Property> = {
  string: { logicalType: 'string' },
  int: { logicalType: 'integer', logicalTypeOptions: { format: 'i32' } },
  long: { logicalType: 'integer', logicalTypeOptions: { format: 'i64' } },
  float: { logicalType: 'number', logicalTypeOptions: { format: 'f32' } },
  double: { logicalType: 'number', logicalTypeOptions: { format: 'f64' } },
  boolean: { logicalType: 'boolean' },
  bytes: { logicalType: 'string', physicalType: 'bytes' },
  fixed: { logicalType: 'string', physicalType: 'fixed' },
};
const AVRO_LOGICAL: Record<string, Property> = {
  'timestamp-millis': { logicalType: 'timestamp', physicalType: 'timestamp-millis' },
  'timestamp-micros': { logicalType: 'timestamp', physicalType: 'timestamp-micros' },
  'local-timestamp-millis': { logicalType: 'timestamp', logicalTypeOptions: { timezone: false }, physicalType: 'local-timestamp-millis' },
  date: { logicalType: 'date' },
  'time-millis': { logicalType: 'time', physicalType: 'time-millis' },
  uuid: { logicalType: 'string', logicalTypeOptions: { format: 'uuid' } },
};

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function avroType(type: unknown): Property {
  if (typeof type === 'string') return { ...(AVRO[type] ?? { physicalType: type }) };
  if (Array.isArray(type)) {
    const others = type.filter((t) => t !== 'null');
    const inner =
      others.length === 1
        ? avroType(others[0])
        : { physicalType: `union(${others.map((t) => (typeof t === 'string' ? t : String((t as Json).type))).join(', ')})` };
    return type.includes('null') ? { ...inner, required: false } : inner;
  }
  if (!isObject(type)) return {};
  const logical = typeof type.logicalType === 'string' ? AVRO_LOGICAL[type.logicalType] : undefined;
  if (logical) return { ...logical };
  if (type.logicalType === 'decimal')
    return { logicalType: 'number', physicalType: `decimal(${type.precision ?? ''}${type.scale !== undefined ? `,${type.scale}` : ''})` };
  if (type.type === 'record') return { logicalType: 'object', properties: avroFields(type.fields) };
  if (type.type === 'array') return { logicalType: 'array', items: avroType(type.items) };
  if (type.type === 'map') return { logicalType: 'object', physicalType: 'map' };
  if (type.type === 'enum' && Array.isArray(type.symbols)) {
    return { logicalType: 'string', quality: [{ metric: 'invalidValues', arguments: { validValues: type.symbols }, mustBe: 0 }] };
  }
  return avroType(type.type);
}

/** The fields of an Avro record; a field is required unless its type is a union with `null`. */
export function avroFields(fields: unknown): Property[] {
  if (!Array.isArray(fields)) return [];
  return fields.filter(isObject).map((field) => {
    const typed = avroType(field.type);
    const property: Property = { name: String(field.name ?? ''), ...typed };
    if (typeof field.doc === 'string') property.description = field.doc;
    if (typed.required === undefined) property.required = true;
    if (field.default !== undefined && field.default !== null) property.examples = [field.default];
    return property;
  });
}

const JSON_FORMATS: Record<string, string> = { 'date-time': 'timestamp', date: 'date', time: 'time' };

function jsonSchemaType(schema: Json): Property {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'string' && typeof schema.format === 'string' && JSON_FORMATS[schema.format]) return { logicalType: JSON_FORMATS[schema.format] };
  if (type === 'object') return { logicalType: 'object', properties: jsonSchemaProperties(schema) };
  if (type === 'array') return { logicalType: 'array', items: isObject(schema.items) ? jsonSchemaType(schema.items) : {} };
  const out: Property = ['string', 'integer', 'number', 'boolean'].includes(String(type)) ? { logicalType: type } : {};
  if (type === 'string' && typeof schema.format === 'string') out.logicalTypeOptions = { format: schema.format };
  if (Array.isArray(schema.enum)) out.quality = [{ metric: 'invalidValues', arguments: { validValues: schema.enum }, mustBe: 0 }];
  return out;
}

/** The properties of a JSON Schema object (`required` names the required ones). */
export function jsonSchemaProperties(schema: Json): Property[] {
  const required = Array.isArray(schema.required) ? schema.required : [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  return Object.entries(properties).map(([name, value]) => {
    const property: Property = { name, ...(isObject(value) ? jsonSchemaType(value) : {}) };
    if (isObject(value) && typeof value.description === 'string') property.description = value.description;
    if (required.includes(name)) property.required = true;
    return property;
  });
}

const SQL: Array<[RegExp, Property]> = [
  [/^(tinyint|smallint|int|integer|mediumint)$/i, { logicalType: 'integer' }],
  [/^bigint$/i, { logicalType: 'integer', logicalTypeOptions: { format: 'i64' } }],
  [/^(decimal|numeric|number)$/i, { logicalType: 'number' }],
  [/^(float|real)$/i, { logicalType: 'number', logicalTypeOptions: { format: 'f32' } }],
  [/^(double|double precision)$/i, { logicalType: 'number', logicalTypeOptions: { format: 'f64' } }],
  [/^(char|varchar|nvarchar|text|string|clob)$/i, { logicalType: 'string' }],
  [/^(boolean|bool|bit)$/i, { logicalType: 'boolean' }],
  [/^date$/i, { logicalType: 'date' }],
  [/^(timestamp|datetime)$/i, { logicalType: 'timestamp' }],
  [/^time$/i, { logicalType: 'time' }],
];

/** The columns of a DPDS `schemata` table (`dataType`, `dataLength`, `columnConstraint`...), in ordinal order. */
export function schemataColumns(table: Json): Property[] {
  const columns = Array.isArray(table.columns) ? table.columns.filter(isObject) : [];
  const ordered = [...columns].sort((a, b) => Number(a.ordinalPosition ?? 0) - Number(b.ordinalPosition ?? 0));
  return ordered.map((column) => {
    const dataType = String(column.dataType ?? '');
    const mapped = SQL.find(([pattern]) => pattern.test(dataType))?.[1] ?? {};
    const length = column.dataLength ?? column.precision;
    const property: Property = { name: String(column.name ?? ''), ...mapped, physicalType: length !== undefined ? `${dataType}(${length})` : dataType };
    if (typeof column.displayName === 'string') property.businessName = column.displayName;
    if (typeof column.description === 'string') property.description = column.description;
    const constraint = String(column.columnConstraint ?? '').toUpperCase();
    if (constraint === 'PRIMARY_KEY') Object.assign(property, { primaryKey: true, required: true });
    if (constraint === 'NOT_NULL') property.required = true;
    if (constraint === 'UNIQUE') property.unique = true;
    return property;
  });
}

/** Properties of any structure dp reads, or undefined when it reads none of them. */
export function propertiesOf(structure: unknown): Property[] | undefined {
  if (!isObject(structure)) return undefined;
  if (structure.type === 'record' && Array.isArray(structure.fields)) return avroFields(structure.fields);
  if (Array.isArray(structure.columns)) return schemataColumns(structure);
  if (structure.type === 'object' || isObject(structure.properties)) return jsonSchemaProperties(structure);
  return undefined;
}
