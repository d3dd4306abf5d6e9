/**
 * What a YAML or JSON file that dp would not check by its name seems to be, from
 * its first few kilobytes: a contract or descriptor named otherwise, a Data
 * Contract Specification file, an Open Data Mesh descriptor. Such files are
 * named in the results with the reason they were skipped, instead of being
 * ignored in silence; anything else (CI settings, dbt models...) is not
 * mentioned.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';

const PEEK_BYTES = 8192;

export interface Skipped {
  path: string;
  /** What the file seems to be, and why it is not checked. */
  what: string;
  /** What to do. */
  hint: string;
  /** The `id` the file seems to declare, to explain a contract an output port looks for in vain. */
  id?: string;
}

function head(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(PEEK_BYTES);
    const length = readSync(fd, buffer, 0, PEEK_BYTES, 0);
    return buffer.subarray(0, length).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A top-level key's value as written, in YAML (`key: value` at column 1) or JSON (`"key": "value"`). */
function topLevel(text: string, key: string): string | undefined {
  const yaml = new RegExp(`^${key}[ \\t]*:[ \\t]*["']?([^"'#\\r\\n]*?)["']?[ \\t]*(?:#.*)?$`, 'm').exec(text);
  if (yaml) return yaml[1].trim();
  const json = new RegExp(`"${key}"\\s*:\\s*"([^"]*)"`).exec(text);
  return json ? json[1] : undefined;
}

function renamed(path: string, suffix: string): string {
  return basename(path).replace(/(\.[^.]+)?\.(ya?ml|json)$/i, '') + suffix;
}

/** Why a file that is not named *.odcs.yaml or *.odps.yaml is not checked, when it looks like something dp should know of. */
export function peek(path: string): Skipped | undefined {
  const text = head(path);
  if (text === undefined || text.includes('\u0000')) return undefined;
  const kind = topLevel(text, 'kind')?.toLowerCase();
  const id = topLevel(text, 'id') || undefined;
  const byName = 'or pass it to dp validate by name';
  if (kind === 'datacontract') {
    return { path, id, what: 'looks like an ODCS contract but is not named *.odcs.yaml', hint: `rename it to ${renamed(path, '.odcs.yaml')}, ${byName}` };
  }
  if (kind === 'dataproduct') {
    return { path, id, what: 'looks like an ODPS descriptor but is not named *.odps.yaml', hint: `rename it to ${renamed(path, '.odps.yaml')}, ${byName}` };
  }
  const dcs = topLevel(text, 'dataContractSpecification');
  if (dcs !== undefined) return { path, id, what: `is a Data Contract Specification ${dcs} file, not ODCS`, hint: 'convert it to ODCS with `dp convert`' };
  const dpds = topLevel(text, 'dataProductDescriptor');
  if (dpds !== undefined) return { path, what: `is a DPDS ${dpds} descriptor (Open Data Mesh), not ODPS`, hint: 'convert it to ODPS with `dp convert`' };
  return undefined;
}
