/**
 * The API of erasure requests: filed by the privacy office, resolved to one
 * task per product, read by the owning teams (with the subject's identifier,
 * while a task is open), applied or confirmed by them. A request's body holds
 * an identifier: bodies are never logged, and no message repeats it.
 */
import type { FastifyInstance } from 'fastify';
import type { TaskRecord } from '../control/erasure/tasks.js';
import { asActor, idParams, text, type ControlDeps } from './control-api.js';

export const requestBody = {
  type: 'object',
  required: ['subject'],
  additionalProperties: false,
  properties: { subject: text(300), reason: text(500), deadlineDays: { type: 'integer', minimum: 1, maximum: 3650 } },
};

export const taskQuery = { type: 'object', required: ['product'], additionalProperties: false, properties: { product: text() } };

export const appliedBody = {
  type: 'object',
  required: ['server', 'serverType', 'objects'],
  additionalProperties: false,
  properties: {
    server: text(),
    serverType: text(),
    objects: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['contractId', 'object', 'rows'],
        additionalProperties: false,
        properties: { contractId: text(), object: text(), rows: { type: 'integer', minimum: 0 } },
      },
    },
  },
};

export const confirmBody = { type: 'object', additionalProperties: false, properties: { note: text(500) } };

export function registerErasureRoutes(app: FastifyInstance, deps: ControlDeps): void {
  app.post(
    '/api/erasure-requests',
    { schema: { body: requestBody } },
    asActor(deps, async (control, request) => ({ request: await control.requestErasure(request.body as { subject: string }) }), 201),
  );

  app.get(
    '/api/erasure-requests',
    asActor(deps, async (control) => ({ items: await control.erasures() })),
  );

  app.get(
    '/api/erasure-requests/:id',
    { schema: { params: idParams } },
    asActor(deps, async (control, request) => ({ request: await control.erasure((request.params as { id: string }).id) })),
  );

  app.get(
    '/api/erasure-tasks',
    { schema: { querystring: taskQuery } },
    asActor(deps, async (control, request) => ({ items: await control.pendingTasks((request.query as { product: string }).product) })),
  );

  app.post(
    '/api/erasure-tasks/:id/applied',
    { schema: { params: idParams, body: appliedBody } },
    asActor(deps, async (control, request) => {
      const record = { kind: 'applied', ...(request.body as object) } as TaskRecord;
      return control.recordTask((request.params as { id: string }).id, record);
    }),
  );

  app.post(
    '/api/erasure-tasks/:id/confirm',
    { schema: { params: idParams, body: confirmBody } },
    asActor(deps, async (control, request) => {
      return control.recordTask((request.params as { id: string }).id, { kind: 'confirmed', note: (request.body as { note?: string } | undefined)?.note });
    }),
  );
}
