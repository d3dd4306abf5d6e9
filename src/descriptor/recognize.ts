/**
 * What a document is, from its content: `kind` and `apiVersion` for the Bitol
 * standards, the version keys of the Data Contract Specification
 * (`dataContractSpecification`) and of Open Data Mesh's DPDS
 * (`dataProductDescriptor`). File names are only hints, used in messages.
 *
 * `checkable` is true for the versions dp validates against a schema of its
 * own; every other recognition carries a `problem` saying what the file is
 * and what to do, so that nothing dp is asked to check passes unchecked.
 */

export type Format = 'odcs' | 'odps' | 'dcs' | 'dpds' | 'unknown';

/** ODCS versions dp validates, each against its own schema. */
export const ODCS_VERSIONS = ['v3.0.0', 'v3.0.1', 'v3.0.2', 'v3.1.0'] as const;
export type OdcsVersion = (typeof ODCS_VERSIONS)[number];
export const LATEST_ODCS: OdcsVersion = 'v3.1.0';

/** ODPS versions dp validates; the official v1.0.0 schema also accepts `v0.9.0` as apiVersion. */
export const ODPS_VERSIONS = ['v1.0.0', 'v0.9.0'] as const;

export interface Recognition {
  format: Format;
  /** The version the document declares, as written (`v3.0.2`, `1.2.0`), when it declares one as a string. */
  version?: string;
  /** Human name of what it is: `ODCS v3.0.2`, `Data Contract Specification 1.2.0`. */
  label: string;
  /** True when dp validates this document itself. */
  checkable: boolean;
  /** Why it cannot be checked, and what to do (present exactly when `checkable` is false). */
  problem?: string;
  /** The key the recognition rests on, for positions in findings. */
  key?: 'kind' | 'apiVersion' | 'dataContractSpecification' | 'dataProductDescriptor';
}

const CONVERT = 'convert it with `dp convert`';

function asMapping(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function declared(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Whether `version` (`v3.2.0`) is a later release than `than` of the same standard. */
function newer(version: string, than: string): boolean {
  const parse = (v: string) => /^v(\d+)\.(\d+)\.(\d+)$/.exec(v)?.slice(1).map(Number);
  const [a, b] = [parse(version), parse(than)];
  if (!a || !b || a[0] !== b[0]) return false;
  return a[1] > b[1] || (a[1] === b[1] && a[2] > b[2]);
}

function unsupported(format: Format, label: string, problem: string, key: Recognition['key'], version?: string): Recognition {
  return { format, version, label, checkable: false, problem, key };
}

function recognizeOdcs(doc: Record<string, unknown>): Recognition {
  const version = declared(doc.apiVersion);
  if (version === undefined) return { format: 'odcs', label: 'ODCS (no apiVersion)', checkable: true, key: 'kind' };
  if ((ODCS_VERSIONS as readonly string[]).includes(version)) return { format: 'odcs', version, label: `ODCS ${version}`, checkable: true, key: 'apiVersion' };
  if ((ODCS_VERSIONS as readonly string[]).includes(`v${version}`)) {
    return unsupported(
      'odcs',
      `ODCS ${version}`,
      `apiVersion ${JSON.stringify(version)} is not how ODCS names its versions: write "v${version}"`,
      'apiVersion',
      version,
    );
  }
  if (/^v?2\./.test(version)) {
    return unsupported(
      'odcs',
      `ODCS ${version}`,
      `ODCS ${version} is an ODCS v2 contract, which dp does not validate: ${CONVERT} to ${LATEST_ODCS}`,
      'apiVersion',
      version,
    );
  }
  if (newer(version, LATEST_ODCS)) {
    return unsupported(
      'odcs',
      `ODCS ${version}`,
      `ODCS ${version} is newer than the versions dp checks (up to ${LATEST_ODCS}): declare ${LATEST_ODCS} if the contract uses only what ${LATEST_ODCS} defines`,
      'apiVersion',
      version,
    );
  }
  return unsupported(
    'odcs',
    `ODCS ${version}`,
    `apiVersion ${JSON.stringify(version)} is not an ODCS version dp knows (${ODCS_VERSIONS.join(', ')}): use one of these`,
    'apiVersion',
    version,
  );
}

function recognizeOdps(doc: Record<string, unknown>): Recognition {
  const version = declared(doc.apiVersion);
  if (version === undefined) return { format: 'odps', label: 'ODPS (no apiVersion)', checkable: true, key: 'kind' };
  if ((ODPS_VERSIONS as readonly string[]).includes(version)) return { format: 'odps', version, label: `ODPS ${version}`, checkable: true, key: 'apiVersion' };
  if ((ODPS_VERSIONS as readonly string[]).includes(`v${version}`)) {
    return unsupported(
      'odps',
      `ODPS ${version}`,
      `apiVersion ${JSON.stringify(version)} is not how ODPS names its versions: write "v${version}"`,
      'apiVersion',
      version,
    );
  }
  if (newer(version, 'v1.0.0')) {
    return unsupported(
      'odps',
      `ODPS ${version}`,
      `ODPS ${version} is newer than the version dp checks (v1.0.0): declare v1.0.0 if the descriptor uses only what v1.0.0 defines`,
      'apiVersion',
      version,
    );
  }
  return unsupported(
    'odps',
    `ODPS ${version}`,
    `apiVersion ${JSON.stringify(version)} is not an ODPS version dp knows (v1.0.0): use v1.0.0`,
    'apiVersion',
    version,
  );
}

function recognizeByKind(doc: Record<string, unknown>): Recognition | undefined {
  const kind = doc.kind;
  if (kind === 'DataContract') return recognizeOdcs(doc);
  if (kind === 'DataProduct') return recognizeOdps(doc);
  if (kind === undefined) return undefined;
  if (typeof kind !== 'string') {
    return unsupported(
      'unknown',
      'kind not a text',
      `kind is ${JSON.stringify(kind)}, not a text: ODCS contracts have \`kind: DataContract\`, ODPS descriptors \`kind: DataProduct\``,
      'kind',
    );
  }
  const folded = kind.toLowerCase();
  if (folded === 'datacontract')
    return unsupported('odcs', 'ODCS', `kind is ${JSON.stringify(kind)}: ODCS requires exactly "DataContract" (case matters)`, 'kind');
  if (folded === 'dataproduct')
    return unsupported('odps', 'ODPS', `kind is ${JSON.stringify(kind)}: ODPS requires exactly "DataProduct" (case matters)`, 'kind');
  return unsupported(
    'unknown',
    `kind ${kind}`,
    `kind ${JSON.stringify(kind)} is neither ODCS (DataContract) nor ODPS (DataProduct): dp checks only these`,
    'kind',
  );
}

function recognizeOther(doc: Record<string, unknown>): Recognition | undefined {
  if ('dataContractSpecification' in doc) {
    const version = declared(doc.dataContractSpecification);
    const label = `Data Contract Specification${version ? ` ${version}` : ''}`;
    return unsupported('dcs', label, `${label}, not ODCS: ${CONVERT} to ODCS ${LATEST_ODCS}`, 'dataContractSpecification', version);
  }
  if ('dataProductDescriptor' in doc) {
    const version = declared(doc.dataProductDescriptor);
    const label = `DPDS${version ? ` ${version}` : ''} (Open Data Mesh descriptor)`;
    return unsupported('dpds', label, `${label}, not ODPS: ${CONVERT} to ODPS v1.0.0 and ODCS contracts`, 'dataProductDescriptor', version);
  }
  return undefined;
}

/** What `value` (a parsed YAML or JSON document) is; `name` is the file name, used only as a hint. */
export function recognize(value: unknown, name = ''): Recognition {
  const doc = asMapping(value);
  if (!doc)
    return unsupported(
      'unknown',
      'not a mapping',
      'the document is not a mapping of keys to values, so it is neither an ODCS contract nor an ODPS descriptor',
      undefined,
    );
  const known = recognizeByKind(doc) ?? recognizeOther(doc);
  if (known) return known;
  const named = /\.odcs\.(ya?ml|json)$/i.test(name) ? 'ODCS contract' : /\.odps\.(ya?ml|json)$/i.test(name) ? 'ODPS descriptor' : undefined;
  const expected = named === 'ODPS descriptor' ? 'kind: DataProduct' : 'kind: DataContract';
  const problem = named
    ? `the file is named like an ${named} but has no \`kind\`: add \`${expected}\` and its apiVersion`
    : 'the document has no `kind`: dp checks ODCS contracts (`kind: DataContract`) and ODPS descriptors (`kind: DataProduct`)';
  return unsupported('unknown', 'no kind', problem, undefined);
}
