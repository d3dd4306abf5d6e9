/**
 * Merging a new rendering of a product into it, in two passes: the files the team owns
 * (descriptor, contracts, code, docs) first, then the derived files, rendered from the facts
 * of the merged descriptor and contracts (so a retention the team changed and a field the
 * template added both show in them). Then dp's records: what was generated now is the base of
 * the next merge. `dp update` merges every file, `dp add` only the new port's files and the
 * descriptor, `dp sync` only the derived files.
 */
import { digestOfFacts, type GeneratedRecord } from '../../descriptor/derived/record.js';
import type { ProductFacts } from '../../descriptor/derived/facts.js';
import { ANSWERS_RECORD } from '../../descriptor/derived/record.js';
import { digestOfText, isRecordFile } from '../generated.js';
import type { Labels } from '../merge/text.js';
import { renderProduct, type RenderResult } from '../render.js';
import type { Answers, Pack } from '../types.js';
import { reconcile, type MergeEntry } from './reconcile.js';
import type { ProductState } from './state.js';
import { DESCRIPTOR, factsAfter } from './view.js';

export type MergeMode = 'update' | 'add' | 'sync';

export interface MergeOptions {
  mode: MergeMode;
  dpVersion: string;
  date: string;
  /** The instant of the first generation, which dates the sample rows. */
  now?: string;
  labels: Labels;
}

export interface ProductMerge {
  entries: MergeEntry[];
  record: GeneratedRecord;
  /** The base of the next merge: what was generated now (and, for untouched files, before). */
  base: Map<string, string>;
  facts: ProductFacts;
  /** The new `.dp/answers.yaml`, unless the answers stay as they are. */
  answersRecord?: string;
}

const sortedUnion = (...sets: Iterable<string>[]): string[] => [...new Set(sets.flatMap((s) => [...s]))].sort();

function ownedPaths(state: ProductState, rendered: RenderResult, mode: MergeMode): string[] {
  const generated = [...rendered.files.keys()].filter((p) => !rendered.derived.has(p));
  const known = (p: string) => state.record.files.has(p) || state.base.files.has(p);
  if (mode === 'sync') return [];
  if (mode === 'add')
    return sortedUnion(
      generated.filter((p) => !known(p)),
      [DESCRIPTOR],
    );
  const before = [...state.record.files.keys(), ...state.base.files.keys()].filter((p) => !rendered.derived.has(p) && !state.record.derived.has(p));
  return sortedUnion(generated, before).filter((p) => !isRecordFile(p) && p !== ANSWERS_RECORD);
}

function derivedPaths(state: ProductState, derived: RenderResult, mode: MergeMode): string[] {
  const known = (p: string) => state.record.files.has(p) || state.base.files.has(p);
  if (mode === 'add') return [...derived.files.keys()].filter((p) => !known(p)).sort();
  return sortedUnion(derived.files.keys(), state.record.derived.keys());
}

/** The record after the merge: new digests, bases and placeholders for the files it merged, the old ones for the others. */
function nextRecord(
  state: ProductState,
  pack: Pack,
  dpVersion: string,
  touched: Map<string, string>,
  rendered: RenderResult,
  derived: RenderResult,
  mode: MergeMode,
): { record: GeneratedRecord; base: Map<string, string> } {
  const whole = mode === 'update';
  const files = whole ? new Map<string, string>() : new Map(state.record.files);
  const base = whole ? new Map<string, string>() : new Map(state.base.files);
  for (const [path, content] of touched) {
    files.set(path, digestOfText(content));
    base.set(path, content);
  }
  const derivedMap =
    whole || mode === 'sync' ? new Map(derived.derived) : new Map([...state.record.derived, ...[...derived.derived].filter(([p]) => touched.has(p))]);
  const placeholders =
    mode === 'sync'
      ? state.record.placeholders
      : [...(whole ? [] : state.record.placeholders.filter((p) => !touched.has(p.file))), ...rendered.placeholders.filter((p) => touched.has(p.file))];
  const derivedFrom = mode === 'add' ? state.record.derivedFrom : digestOfFacts(derived.facts);
  return {
    record: {
      template: { id: pack.id, version: pack.version },
      generatedBy: `dp ${dpVersion}`,
      files,
      derived: derivedMap,
      placeholders,
      ...(derivedFrom ? { derivedFrom } : {}),
    },
    base,
  };
}

export function mergeProduct(state: ProductState, pack: Pack, answers: Answers, options: MergeOptions): ProductMerge {
  const renderOptions = { dpVersion: options.dpVersion, date: options.date, now: options.now };
  const rendered = renderProduct(pack, answers, renderOptions);
  const sides = { target: state.target, base: state.base.files, digests: state.record.files, labels: options.labels };
  const owned = reconcile({ ...sides, theirs: rendered.files }, ownedPaths(state, rendered, options.mode));
  const merged = factsAfter(state.target, owned) ?? rendered.facts;
  const derived = renderProduct(pack, answers, renderOptions, { derivedOnly: true, facts: merged });
  const derivedEntries = reconcile({ ...sides, theirs: derived.files, derived: true }, derivedPaths(state, derived, options.mode));
  const entries = [...owned, ...derivedEntries];
  const touched = new Map<string, string>();
  for (const e of owned) if (rendered.files.has(e.path)) touched.set(e.path, rendered.files.get(e.path)!);
  for (const e of derivedEntries) if (derived.files.has(e.path)) touched.set(e.path, derived.files.get(e.path)!);
  const { record, base } = nextRecord(state, pack, options.dpVersion, touched, rendered, derived, options.mode);
  const answersRecord = options.mode === 'sync' ? undefined : rendered.files.get(ANSWERS_RECORD);
  if (answersRecord !== undefined) {
    record.files.set(ANSWERS_RECORD, digestOfText(answersRecord));
    base.set(ANSWERS_RECORD, answersRecord);
  }
  // dp add leaves the derived files as they were: their base keeps the facts they were rendered from.
  const facts = options.mode === 'add' && state.base.facts ? state.base.facts : derived.facts;
  return { entries, record, base, facts, ...(answersRecord !== undefined ? { answersRecord } : {}) };
}
