/**
 * One source file to the documents it becomes, by what the file is: ODCS
 * v3.0.x is upgraded in place in its own document; ODCS v2 and the Data
 * Contract Specification become a new ODCS v3.1.0 document; a DPDS product
 * becomes an ODPS descriptor and a contract per output port. Every document
 * then goes through the pass over unknown keys and is rendered in the
 * source's layout.
 */
import type { Document } from 'yaml';
import type { Recognition } from '../descriptor/recognize.js';
import { convertDcs } from './dcs/convert.js';
import { outputDocument, setHeader } from './document.js';
import { finish } from './finish.js';
import { convertDpds } from './dpds/convert.js';
import type { Notes } from './notes.js';
import { convertOdcsV2 } from './odcs/v2.js';
import { upgradeOdcs } from './odcs/upgrade.js';
import type { YamlSource } from './source.js';
import type { Path, Produced, ProducedDocument, Unmapped } from './types.js';

export type { Produced, ProducedDocument };

/** Whether the document starts with a schema line of its own (an upgrade rewrites it; it adds none). */
function hasModeline(doc: Document): boolean {
  const first = (doc.contents as { items?: Array<{ key?: { commentBefore?: string } }> } | null)?.items?.[0];
  return /yaml-language-server:\s*\$schema=/.test(`${doc.commentBefore ?? ''}\n${first?.key?.commentBefore ?? ''}`);
}

function single(source: YamlSource, from: string, doc: Document, notes: Notes, label: string, origins?: WeakMap<object, Path>): Produced {
  const text = finish(doc, source, { kind: 'odcs', notes, label, origins });
  return { from, to: 'ODCS v3.1.0', documents: [{ kind: 'odcs', text }], notes: notes.list, consumed: [] };
}

export function produce(source: YamlSource, recognition: Recognition, unmapped: Unmapped, cwd: string): Produced {
  if (recognition.format === 'dpds') return convertDpds(source, unmapped, recognition.label, cwd);
  if (recognition.format === 'dcs') {
    const { contents, notes, label, origins } = convertDcs(source, unmapped);
    return single(source, recognition.label, outputDocument(contents, 'odcs', source), notes, label, origins);
  }
  if (recognition.format === 'odcs' && /^v?2\./.test(recognition.version ?? '')) {
    const { contents, notes, label, origins } = convertOdcsV2(source, unmapped);
    return single(source, recognition.label, outputDocument(contents, 'odcs', source), notes, label, origins);
  }
  const { doc, notes, label } = upgradeOdcs(source, unmapped);
  if (hasModeline(doc)) setHeader(doc, 'odcs');
  return single(source, recognition.label, doc, notes, label);
}
