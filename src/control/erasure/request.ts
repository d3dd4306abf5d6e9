/**
 * `dp erase request --subject customer=<id> --reason "..."`: the privacy office asks
 * every product holding that kind of subject to erase the person's rows. The
 * request and one task per product are stored at once; the identifier is kept
 * beside them only while a task is open (src/catalog/events.ts), the events
 * hold a salted hash of it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { NewControlEvent } from '../../catalog/events.js';
import type { CatalogStore } from '../../catalog/store.js';
import { SUBJECT_KIND } from '../../descriptor/subject-keys.js';
import { actorName, forbidden, invalid, isPrivacyOffice, type Actor } from '../actor.js';
import { daysAfter } from '../dates.js';
import { decideAndAppend, newId, nextEvent, streams } from '../log.js';
import type { ControlSettings } from '../settings.js';
import { cleanText, requiredText } from '../text.js';
import { resolveErasure } from './resolve.js';
import { erasureRequest, erasureTask, type ErasureRequest } from './state.js';

export interface ErasureRequestInput {
  /** `kind=identifier`. */
  subject: string;
  reason?: string;
  /** Days the products have (default: the policy's `control.erasure.deadlineDays`, else 30). */
  deadlineDays?: number;
}

export function parseSubject(text: string): { kind: string; value: string } {
  const at = text.indexOf('=');
  const kind = at < 0 ? '' : text.slice(0, at).trim();
  if (!SUBJECT_KIND.test(kind))
    throw invalid(
      `the subject "${at < 0 ? '…' : kind}=…" does not start with a kind of subject`,
      'give --subject <kind>=<identifier>, for example --subject customer=C-1042',
    );
  const value = cleanText(text.slice(at + 1), 'subject identifier', 256);
  if (value === null) throw invalid(`the subject ${kind}= has no identifier`, 'give --subject <kind>=<identifier>');
  return { kind, value };
}

export function subjectHash(salt: string, kind: string, value: string): string {
  return createHash('sha256').update(`${salt}:${kind}:${value}`, 'utf8').digest('hex');
}

export async function requestErasure(
  store: CatalogStore,
  actor: Actor,
  input: ErasureRequestInput,
  settings: ControlSettings,
  now: Date,
): Promise<ErasureRequest> {
  if (!isPrivacyOffice(actor))
    throw forbidden('erasure requests are filed with a token of the privacy office', 'ask an admin for one: dp catalog token create --privacy --team <office>');
  const { kind, value } = parseSubject(input.subject);
  const reason = requiredText(input.reason, 'reason', 500, 'dp erase request --subject <kind>=<id> --reason "GDPR art. 17 request of ..."');
  const days = input.deadlineDays ?? settings.deadlineDays;
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw invalid(`a deadline of ${days} days is not one: give whole days from 1 to 3650`);
  const resolution = await resolveErasure(store, kind);
  if (resolution.tasks.length === 0) {
    const known = resolution.knownKinds ?? [];
    throw invalid(
      `no product in the catalog declares a data subject of kind "${kind}"`,
      known.length > 0
        ? `kinds declared: ${known.join(', ')}`
        : 'no contract declares a subject key yet (customProperties: [{property: dataSubject, value: <kind>}], docs/control.md)',
    );
  }
  const id = newId('era');
  const salt = randomBytes(16).toString('hex');
  const deadline = daysAfter(now, days);
  const at = now.toISOString();
  const who = actorName(actor);
  const request = nextEvent(streams.erasure(id), 'erasure', [], {
    type: 'requested',
    actor: who,
    at,
    productId: null,
    team: actor.kind === 'token' ? actor.team : null,
    data: { kind, subjectHash: subjectHash(salt, kind, value), salt, reason, deadline, tasks: resolution.tasks.map((t) => t.productId) },
  });
  const tasks: NewControlEvent[] = resolution.tasks.map((t) =>
    nextEvent(streams.task(id, t.productId), 'erasure-task', [], {
      type: 'created',
      actor: who,
      at,
      productId: t.productId,
      team: t.team,
      data: { request: id, kind, reason, deadline, productVersion: t.productVersion, objects: t.objects, via: t.via },
    }),
  );
  const events = [request, ...tasks];
  return decideAndAppend(store, async () => ({
    append: { events, expect: events.map((e) => ({ stream: e.stream, length: 0 })), keepSubjects: [{ requestId: id, kind, value }] },
    result: (seqs) =>
      erasureRequest(
        [{ ...request, seq: seqs[0] }],
        tasks.map((t, i) => erasureTask([{ ...t, seq: seqs[i + 1] }], now)),
      ),
  }));
}
