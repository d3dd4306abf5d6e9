/** The API of access per output port: requests, decisions, lists, the audit, and what applies record of the engines. */
import type { FastifyInstance } from 'fastify';
import type { AccessDecision } from '../control/access/decide.js';
import type { AccessRequestInput } from '../control/access/request.js';
import { ACCESS_STATES } from '../control/access/list.js';
import type { AccessState } from '../control/access/state.js';
import { ENGINE_EFFECTS, type EngineEffect, type EngineEventType } from '../control/engine/history.js';
import { asActor, idParams, text, type ControlDeps } from './control-api.js';

export const requestBody = {
  type: 'object',
  required: ['productId', 'port', 'role'],
  additionalProperties: false,
  properties: { productId: text(), port: text(), role: text(), purpose: text(500), until: text(40), team: text() },
};

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { product: text(), port: text(), team: text(), owner: text(), approver: text(), state: { type: 'array', items: { enum: ACCESS_STATES } } },
};

const decisionParams = { type: 'object', required: ['id', 'decision'], properties: { id: text(40), decision: { enum: ['approve', 'deny', 'revoke'] } } };
export const reasonBody = { type: 'object', additionalProperties: false, properties: { reason: text(500) } };

export const engineQuery = {
  type: 'object',
  required: ['product', 'server', 'effect'],
  additionalProperties: false,
  properties: { product: text(), server: text(), effect: { enum: ENGINE_EFFECTS } },
};
export const engineBody = {
  type: 'object',
  required: ['productId', 'server', 'effect', 'type', 'data'],
  additionalProperties: false,
  properties: { productId: text(), server: text(), effect: { enum: ENGINE_EFFECTS }, type: { enum: ['planned', 'applied'] }, data: { type: 'object' } },
};

interface ListQuery {
  product?: string;
  port?: string;
  team?: string;
  owner?: string;
  approver?: string;
  state?: AccessState[];
}

export function registerAccessRoutes(app: FastifyInstance, deps: ControlDeps): void {
  // 201 for a new request, 200 when the team already had this role pending or granted (that request is the answer).
  app.post(
    '/api/access-requests',
    { schema: { body: requestBody } },
    asActor(
      deps,
      (control, request) => control.requestAccess(request.body as AccessRequestInput),
      (outcome) => (outcome.created ? 201 : 200),
    ),
  );

  app.get(
    '/api/access-requests',
    { schema: { querystring: listQuery } },
    asActor(deps, (control, request) => {
      const q = request.query as ListQuery;
      return control
        .listAccess({ productId: q.product, port: q.port, team: q.team, ownedBy: q.owner, approver: q.approver, states: q.state })
        .then((items) => ({ items }));
    }),
  );

  app.get(
    '/api/access-requests/:id',
    { schema: { params: idParams } },
    asActor(deps, async (control, request) => ({ request: await control.accessRequest((request.params as { id: string }).id) })),
  );

  app.post(
    '/api/access-requests/:id/:decision',
    { schema: { params: decisionParams, body: reasonBody } },
    asActor(deps, async (control, request) => {
      const { id, decision } = request.params as { id: string; decision: AccessDecision };
      return { request: await control.decideAccess(id, decision, (request.body as { reason?: string } | undefined)?.reason) };
    }),
  );

  app.get(
    '/api/access-audit',
    asActor(deps, async (control) => ({ findings: await control.auditAccess() })),
  );

  app.get(
    '/api/engine-history',
    { schema: { querystring: engineQuery } },
    asActor(deps, async (control, request) => {
      const q = request.query as { product: string; server: string; effect: EngineEffect };
      return { items: await control.engineHistory(q.product, q.server, q.effect) };
    }),
  );

  app.post(
    '/api/engine-history',
    { schema: { body: engineBody } },
    asActor(
      deps,
      async (control, request) => {
        const b = request.body as { productId: string; server: string; effect: EngineEffect; type: EngineEventType; data: Record<string, unknown> };
        return { event: await control.recordEngine(b.productId, b.server, b.effect, b.type, b.data) };
      },
      201,
    ),
  );
}
