/** The control plane's part of the OpenAPI description (docs/control.md): every route needs a bearer token. */
import { engineBody, engineQuery, listQuery, reasonBody, requestBody as accessBody } from './access-routes.js';
import { appliedBody, confirmBody, requestBody as erasureBody, taskQuery } from './erasure-routes.js';

type Json = Record<string, unknown>;

const ERRORS: Record<string, string> = {
  '400': 'malformed request (code `malformed`)',
  '401': 'missing, unknown or revoked token (code `unauthenticated`)',
  '403': 'the token may not do this (code `forbidden`)',
  '404': 'no such request, task or product (code `not-found`)',
  '409': 'decided already (code `conflict`)',
  '422': 'bad input: an unknown port or role, a date in the past, a kind nobody declares... (code `refused`, with `hint`)',
  '503': 'the catalog database is not reachable (code `unavailable`)',
};

const error = { $ref: '#/components/schemas/Error' };
const object = (description: string): Json => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });

function route(summary: string, ok: string, extra: Json = {}, codes = ['400', '401', '403', '404', '422', '503'], status = '200'): Json {
  const errors = Object.fromEntries(codes.map((c) => [c, { description: ERRORS[c], content: { 'application/json': { schema: error } } }]));
  return { summary, security: [{ bearer: [] }], ...extra, responses: { [status]: object(ok), ...errors } };
}

const body = (schema: Json): Json => ({ requestBody: { required: true, content: { 'application/json': { schema } } } });
const query = (schema: { properties: Record<string, Json>; required?: string[] }): Json => ({
  parameters: Object.entries(schema.properties).map(([name, s]) => ({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: s })),
});
const path = (...names: string[]): Json => ({ parameters: names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })) });

export function controlPaths(): Record<string, Json> {
  return {
    '/api/access-requests': {
      post: route(
        "request a role of an output port for the token's team (201; 200 when the team already has it pending or granted)",
        '{request, created}',
        body(accessBody),
        ['400', '401', '403', '404', '422', '503'],
        '201',
      ),
      get: route('access requests and grants the token may see', '{items}', query(listQuery), ['400', '401', '403', '503']),
    },
    '/api/access-requests/{id}': { get: route('one access request with its history', '{request}', path('id')) },
    '/api/access-requests/{id}/{decision}': {
      post: route('approve (one level), deny or revoke, with a reason', '{request}', { ...path('id', 'decision'), ...body(reasonBody) }, [
        '400',
        '401',
        '403',
        '404',
        '409',
        '422',
        '503',
      ]),
    },
    '/api/access-audit': {
      get: route('too many grants, restricted data without a purpose, ended grants still applied', '{findings}', {}, ['401', '403', '503']),
    },
    '/api/engine-history': {
      get: route('what the control commands planned and applied on a server for a product', '{items}', query(engineQuery)),
      post: route('record a plan or an apply on a server (the owning team)', '{event}', body(engineBody), ['400', '401', '403', '404', '422', '503'], '201'),
    },
    '/api/erasure-requests': {
      post: route(
        'file an erasure request (a privacy token): one task per product holding the subject',
        '{request}',
        body(erasureBody),
        ['400', '401', '403', '422', '503'],
        '201',
      ),
      get: route('erasure requests the token may see, with their tasks', '{items}', {}, ['401', '403', '503']),
    },
    '/api/erasure-requests/{id}': { get: route("an erasure request's tasks: done, pending, overdue", '{request}', path('id')) },
    '/api/erasure-tasks': { get: route("a product's open tasks with the subject's identifier (the owning team)", '{items}', query(taskQuery)) },
    '/api/erasure-tasks/{id}/applied': {
      post: route('record the rows a product erased per object', '{task, unchanged, closedRequest}', { ...path('id'), ...body(appliedBody) }),
    },
    '/api/erasure-tasks/{id}/confirm': {
      post: route('a product erased the subject by its own means', '{task, unchanged, closedRequest}', { ...path('id'), ...body(confirmBody) }),
    },
  };
}
