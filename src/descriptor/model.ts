/**
 * Typed views of the two standards, as far as dp's logic reads them. The JSON
 * Schemas under schemas/ are the full definition; these types describe what a
 * document looks like once it passed them (every field still optional, since
 * rules also run on documents with schema errors).
 */
export interface CustomProperty {
  property: string;
  value: unknown;
  description?: string;
}

export interface InputPort {
  name: string;
  version: string;
  contractId: string;
  tags?: string[];
  customProperties?: CustomProperty[];
}

export interface OutputPort {
  name: string;
  version: string;
  description?: string;
  type?: string;
  contractId?: string;
  tags?: string[];
  customProperties?: CustomProperty[];
  inputContracts?: Array<{ id: string; version: string }>;
}

export type ManagementContent = 'discoverability' | 'observability' | 'control' | string;

export interface ManagementPort {
  name: string;
  content: ManagementContent;
  type?: string;
  url?: string;
  channel?: string;
  description?: string;
}

export interface SupportChannel {
  channel: string;
  url: string;
  tool?: string;
  scope?: string;
  description?: string;
}

export interface TeamMember {
  username: string;
  name?: string;
  role?: string;
  description?: string;
  dateIn?: string;
  dateOut?: string;
}

export interface DataProduct {
  apiVersion: string;
  kind: 'DataProduct';
  id: string;
  name?: string;
  version?: string;
  status: string;
  domain?: string;
  tenant?: string;
  description?: { purpose?: string; limitations?: string; usage?: string };
  tags?: string[];
  inputPorts?: InputPort[];
  outputPorts?: OutputPort[];
  managementPorts?: ManagementPort[];
  support?: SupportChannel[];
  team?: { name?: string; description?: string; members?: TeamMember[] };
  customProperties?: CustomProperty[];
  productCreatedTs?: string;
}

export interface QualityRule {
  id?: string;
  name?: string;
  type?: 'library' | 'text' | 'sql' | 'custom' | string;
  metric?: string;
  rule?: string;
  description?: string;
  dimension?: string;
  severity?: string;
  query?: string;
  engine?: string;
  implementation?: unknown;
  arguments?: Record<string, unknown>;
  unit?: string;
  [operator: string]: unknown;
}

export interface SchemaProperty {
  id?: string;
  name: string;
  logicalType?: string;
  physicalType?: string;
  required?: boolean;
  unique?: boolean;
  primaryKey?: boolean;
  classification?: string;
  description?: string;
  logicalTypeOptions?: Record<string, unknown>;
  properties?: SchemaProperty[];
  items?: SchemaProperty;
  quality?: QualityRule[];
  examples?: unknown[];
  tags?: string[];
}

export interface SchemaObject {
  id?: string;
  name: string;
  physicalName?: string;
  physicalType?: string;
  logicalType?: string;
  description?: string;
  businessName?: string;
  properties?: SchemaProperty[];
  quality?: QualityRule[];
  tags?: string[];
}

export interface SlaProperty {
  id?: string;
  property: string;
  value: unknown;
  valueExt?: unknown;
  unit?: string;
  element?: string;
  driver?: string;
  description?: string;
  scheduler?: string;
  schedule?: string;
}

export interface Server {
  id?: string;
  server: string;
  type: string;
  environment?: string;
  description?: string;
  [key: string]: unknown;
}

/** The `environment` names of servers for development, not production: `dp test` picks one of them by default. */
export const DEVELOPMENT_ENVIRONMENTS = ['dev', 'development', 'local', 'test'];

export function isDevelopmentServer(server: Pick<Server, 'environment'>, environments: readonly string[] = DEVELOPMENT_ENVIRONMENTS): boolean {
  const environment = typeof server.environment === 'string' ? server.environment.toLowerCase() : undefined;
  return environment !== undefined && environments.some((e) => e.toLowerCase() === environment);
}

export interface Role {
  role: string;
  access?: string;
  description?: string;
  firstLevelApprovers?: string;
  secondLevelApprovers?: string;
}

export interface DataContract {
  apiVersion: string;
  kind: 'DataContract';
  id: string;
  version: string;
  status: string;
  name?: string;
  domain?: string;
  tenant?: string;
  description?: { purpose?: string; limitations?: string; usage?: string };
  schema?: SchemaObject[];
  servers?: Server[];
  slaProperties?: SlaProperty[];
  roles?: Role[];
  quality?: QualityRule[];
  team?: unknown;
  support?: Array<{ channel: string; url?: string; tool?: string }>;
  tags?: string[];
  customProperties?: CustomProperty[];
}

export const MANAGEMENT_CONTENTS = ['discoverability', 'observability', 'control'] as const;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Items of an array field with their index, skipping anything that is not a mapping. */
export function records<T = Record<string, unknown>>(value: unknown): Array<[T, number]> {
  if (!Array.isArray(value)) return [];
  const out: Array<[T, number]> = [];
  value.forEach((item, index) => {
    if (isRecord(item)) out.push([item as T, index]);
  });
  return out;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value at a path inside a document, or undefined. */
export function valueAt(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let current = value;
  for (const segment of path) current = (current as Record<string | number, unknown> | undefined)?.[segment];
  return current;
}
