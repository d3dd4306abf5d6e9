/**
 * The control plane of a catalog server, through its API: the same
 * `ControlPlane` the commands use on a local store, with the token of
 * DP_CATALOG_TOKEN as the actor. The server decides and checks everything;
 * its refusals come back as the errors a local store would raise.
 */
import type { ControlEvent } from '../catalog/events.js';
import type { CatalogLocation } from '../catalog/location.js';
import type { AuditFinding } from './access/audit.js';
import type { AccessDecision } from './access/decide.js';
import type { AccessFilter } from './access/list.js';
import type { AccessRequestInput, AccessRequestOutcome } from './access/request.js';
import type { AccessRequest } from './access/state.js';
import type { EngineEffect, EngineEventType } from './engine/history.js';
import type { ErasureRequestInput } from './erasure/request.js';
import type { ErasureRequest } from './erasure/state.js';
import type { PendingTask, RecordOutcome, TaskRecord } from './erasure/tasks.js';
import type { ControlPlane } from './plane.js';
import { DpError } from '../errors.js';
import { callApi, DEFAULT_TIMEOUT_MS, statusError, type ApiAnswer, type HttpTarget } from '../catalog/http/request.js';

const enc = encodeURIComponent;

function query(params: Record<string, string | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const value of Array.isArray(v) ? v : v === undefined ? [] : [v]) search.append(k, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The server's refusal as the error a local store raises for it (exit codes match). */
function refusal(target: HttpTarget, answer: ApiAnswer): DpError {
  const error = (answer.body as { error?: { message?: string; hint?: string } } | undefined)?.error;
  const message = error?.message ?? `HTTP ${answer.status}`;
  const hint = error?.hint;
  switch (answer.status) {
    case 403:
      return new DpError('refused', message, { hint: hint ?? 'the token of DP_CATALOG_TOKEN may not do this', details: { code: 'forbidden' } });
    case 404:
      if ((answer.body as { error?: { code?: string } })?.error?.code === 'not-found' && !/^no endpoint/.test(message))
        return new DpError('input', message, { hint, details: { code: 'not-found' } });
      break;
    case 409:
      return new DpError('refused', message, { hint, details: { code: 'conflict' } });
    case 422:
      return new DpError('usage', message, { hint, details: { code: 'invalid' } });
  }
  return statusError(target, answer);
}

export class HttpControl implements ControlPlane {
  constructor(private readonly target: HttpTarget) {}

  get location(): string {
    return this.target.display;
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const answer = await callApi(this.target, method, path, body === undefined && method === 'POST' ? {} : body);
    if (answer.status === 200 || answer.status === 201) return answer.body as T;
    throw refusal(this.target, answer);
  }

  requestAccess(input: AccessRequestInput) {
    return this.call<AccessRequestOutcome>('POST', '/api/access-requests', input);
  }

  async decideAccess(id: string, decision: AccessDecision, reason?: string) {
    return (await this.call<{ request: AccessRequest }>('POST', `/api/access-requests/${enc(id)}/${decision}`, { reason })).request;
  }

  async accessRequest(id: string) {
    return (await this.call<{ request: AccessRequest }>('GET', `/api/access-requests/${enc(id)}`)).request;
  }

  async listAccess(filter: AccessFilter) {
    const q = query({
      product: filter.productId,
      port: filter.port,
      team: filter.team,
      owner: filter.ownedBy,
      approver: filter.approver,
      state: filter.states,
    });
    return (await this.call<{ items: AccessRequest[] }>('GET', `/api/access-requests${q}`)).items;
  }

  async auditAccess() {
    return (await this.call<{ findings: AuditFinding[] }>('GET', '/api/access-audit')).findings;
  }

  async engineHistory(productId: string, server: string, effect: EngineEffect) {
    return (await this.call<{ items: ControlEvent[] }>('GET', `/api/engine-history${query({ product: productId, server, effect })}`)).items;
  }

  async recordEngine(productId: string, server: string, effect: EngineEffect, type: EngineEventType, data: Record<string, unknown>) {
    return (await this.call<{ event: ControlEvent }>('POST', '/api/engine-history', { productId, server, effect, type, data })).event;
  }

  async requestErasure(input: ErasureRequestInput) {
    return (await this.call<{ request: ErasureRequest }>('POST', '/api/erasure-requests', input)).request;
  }

  async erasure(id: string) {
    return (await this.call<{ request: ErasureRequest }>('GET', `/api/erasure-requests/${enc(id)}`)).request;
  }

  async erasures() {
    return (await this.call<{ items: ErasureRequest[] }>('GET', '/api/erasure-requests')).items;
  }

  async pendingTasks(productId: string) {
    return (await this.call<{ items: PendingTask[] }>('GET', `/api/erasure-tasks${query({ product: productId })}`)).items;
  }

  recordTask(id: string, record: TaskRecord) {
    const { kind, ...body } = record;
    return this.call<RecordOutcome>('POST', `/api/erasure-tasks/${enc(id)}/${kind === 'applied' ? 'applied' : 'confirm'}`, body);
  }

  async close(): Promise<void> {
    // fetch keeps no per-catalog resources.
  }
}

export function openHttpControl(location: CatalogLocation, token: string | undefined, env: NodeJS.ProcessEnv): HttpControl {
  if (!token) {
    throw new DpError('config', `the control plane of ${location.display} needs a token: set DP_CATALOG_TOKEN`, {
      hint: 'a token of your team (dp catalog token create --team <team>), or of the privacy office for erasure requests',
    });
  }
  const timeout = Number(env.DP_CATALOG_TIMEOUT_MS);
  return new HttpControl({
    base: location.kind === 'http' ? location.url : '',
    display: location.display,
    token,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
  });
}
