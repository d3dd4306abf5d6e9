/**
 * The control plane as the commands see it: one interface, two ways to reach
 * it. `StoreControl` runs the control plane's rules over a catalog store (a
 * local writer's SQLite file or postgres:// URL, and the catalog server for each
 * request, with the request's token as the actor); the HTTP client
 * (./http.ts) asks a catalog server, which runs the same rules.
 */
import type { ControlEvent } from '../catalog/events.js';
import type { CatalogStore } from '../catalog/store.js';
import type { Actor } from './actor.js';
import { auditAccess, type AuditFinding } from './access/audit.js';
import { decideAccess, type AccessDecision } from './access/decide.js';
import { listAccess, type AccessFilter } from './access/list.js';
import { mayRead, requestEvents } from './access/read.js';
import { requestAccess, type AccessRequestInput, type AccessRequestOutcome } from './access/request.js';
import { accessRequest, type AccessRequest } from './access/state.js';
import { engineHistory, recordEngine, type EngineEffect, type EngineEventType } from './engine/history.js';
import { listErasures, readErasure, visibleErasure } from './erasure/read.js';
import { requestErasure, type ErasureRequestInput } from './erasure/request.js';
import type { ErasureRequest } from './erasure/state.js';
import { pendingTasks, recordTask, type PendingTask, type RecordOutcome, type TaskRecord } from './erasure/tasks.js';
import type { ControlSettings } from './settings.js';
import { forbidden, isAdmin } from './actor.js';

export interface ControlPlane {
  /** Where the catalog is, safe to print. */
  readonly location: string;
  requestAccess(input: AccessRequestInput): Promise<AccessRequestOutcome>;
  decideAccess(id: string, decision: AccessDecision, reason?: string): Promise<AccessRequest>;
  accessRequest(id: string): Promise<AccessRequest>;
  listAccess(filter: AccessFilter): Promise<AccessRequest[]>;
  auditAccess(): Promise<AuditFinding[]>;
  engineHistory(productId: string, server: string, effect: EngineEffect): Promise<ControlEvent[]>;
  recordEngine(productId: string, server: string, effect: EngineEffect, type: EngineEventType, data: Record<string, unknown>): Promise<ControlEvent>;
  requestErasure(input: ErasureRequestInput): Promise<ErasureRequest>;
  erasure(id: string): Promise<ErasureRequest>;
  erasures(): Promise<ErasureRequest[]>;
  pendingTasks(productId: string): Promise<PendingTask[]>;
  recordTask(id: string, record: TaskRecord): Promise<RecordOutcome>;
  close(): Promise<void>;
}

export class StoreControl implements ControlPlane {
  constructor(
    readonly store: CatalogStore,
    readonly actor: Actor,
    readonly settings: ControlSettings,
    private readonly clock: () => Date = () => new Date(),
    private readonly closeStore = false,
  ) {}

  get location(): string {
    return this.store.location;
  }

  requestAccess(input: AccessRequestInput) {
    return requestAccess(this.store, this.actor, input, this.settings, this.clock());
  }

  decideAccess(id: string, decision: AccessDecision, reason?: string) {
    return decideAccess(this.store, this.actor, id, decision, reason, this.clock());
  }

  async accessRequest(id: string): Promise<AccessRequest> {
    const request = accessRequest(await requestEvents(this.store, id), this.clock());
    const owner = isAdmin(this.actor) ? null : ((await this.store.getVersion(request.productId))?.team ?? null);
    if (!mayRead(this.actor, request, owner))
      throw forbidden(`access request ${id} is neither your team's, nor on a product your team owns, nor for your team's second approval`);
    return request;
  }

  listAccess(filter: AccessFilter) {
    return listAccess(this.store, this.actor, filter, this.clock());
  }

  auditAccess() {
    return auditAccess(this.store, this.actor, this.settings, this.clock());
  }

  engineHistory(productId: string, server: string, effect: EngineEffect) {
    return engineHistory(this.store, this.actor, productId, server, effect);
  }

  recordEngine(productId: string, server: string, effect: EngineEffect, type: EngineEventType, data: Record<string, unknown>) {
    return recordEngine(this.store, this.actor, productId, server, effect, type, data, this.clock());
  }

  requestErasure(input: ErasureRequestInput) {
    return requestErasure(this.store, this.actor, input, this.settings, this.clock());
  }

  async erasure(id: string): Promise<ErasureRequest> {
    return visibleErasure(this.store, this.actor, await readErasure(this.store, id, this.clock()));
  }

  erasures() {
    return listErasures(this.store, this.actor, this.clock());
  }

  pendingTasks(productId: string) {
    return pendingTasks(this.store, this.actor, productId, this.clock());
  }

  recordTask(id: string, record: TaskRecord) {
    return recordTask(this.store, this.actor, id, record, this.clock());
  }

  async close(): Promise<void> {
    if (this.closeStore) await this.store.close();
  }
}
