/** The OpenAPI 3.1 description of the catalog API, served at GET /api/openapi.json. */
import { dpVersion } from '../version.js';
import { COMPONENTS, consumersQuery, listQuery } from './schemas.js';
import { controlPaths } from './openapi-control.js';
import { runsQuery } from './run-schemas.js';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string): Json => ({ description, content: { 'application/json': { schema } } });
const list = (item: string): Json => ({ type: 'object', properties: { items: { type: 'array', items: ref(item) } } });

const ERRORS: Record<string, string> = {
  '400': 'malformed request (code `malformed`)',
  '401': 'missing, unknown or revoked token (code `unauthenticated`)',
  '403': 'the token may not publish a product of that team (code `forbidden`; outcomes included)',
  '404': 'no such product or version (code `not-found`)',
  '409': 'version conflict: the version exists with other content, or concurrent publishers kept overtaking (code `conflict`; outcomes included)',
  '413': 'request body over the server limit (code `body-too-large`)',
  '422': 'refused by validation or by the versioning rules (code `refused`; outcomes, findings, breaking changes and affected consumers included)',
  '503': 'the catalog database is not reachable (code `unavailable`)',
};

function errors(...statuses: string[]): Json {
  return Object.fromEntries(statuses.map((s) => [s, json(ref('Error'), ERRORS[s])]));
}

function queryParameters(schema: { properties: Record<string, Json> }): Json[] {
  return Object.entries(schema.properties).map(([name, s]) => ({ name, in: 'query', required: false, schema: s, description: s.description }));
}

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'product id' };
const readErrors = (...extra: string[]) => errors('401', ...extra, '503');

function get(summary: string, response: Json, extra: Json = {}, errorCodes: string[] = []): Json {
  return { get: { summary, ...extra, responses: { '200': json(response, 'OK'), ...readErrors(...errorCodes) } } };
}

export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'dp catalog API',
      version: dpVersion(),
      description:
        "The shared catalog of data products (ODPS v1.0.0 descriptors, ODCS v3.1.0 contracts). Reads are open unless the server runs with --auth-reads; publishing needs a bearer token bound to the product's team (or an admin token); the control plane (access and erasure requests) always needs a token.",
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a token from `dp catalog token create`' } },
      schemas: COMPONENTS,
    },
    paths: {
      '/api': get('service information: API version, whether reads need a token, body limit', { type: 'object' }),
      '/api/products': get('list or search products (latest version of each)', ref('ProductPage'), { parameters: queryParameters(listQuery) }, ['400']),
      '/api/facets': get('counts of products per domain, team and status', ref('Facets')),
      '/api/edges': get('every link of the mesh between latest versions', list('Edge')),
      '/api/products/{id}': get('the latest version of a product, with its documents', ref('VersionRecord'), { parameters: [idParam] }, ['404']),
      '/api/products/{id}/versions': get('published versions of a product, newest first, with their changes', list('VersionSummary'), {
        parameters: [idParam],
      }),
      '/api/products/{id}/versions/{version}': get(
        'one version of a product',
        ref('VersionRecord'),
        {
          parameters: [idParam, { name: 'version', in: 'path', required: true, schema: { type: 'string' } }],
        },
        ['404'],
      ),
      '/api/products/{id}/consumers': get('links into products consuming this product (optionally one output port)', list('Edge'), {
        parameters: [idParam, ...queryParameters(consumersQuery)],
      }),
      '/api/contracts/publishers': get(
        'the products whose latest version declares an output port under each contract id (repeat `id`, at most 100)',
        list('ContractPublishers'),
        {
          parameters: [
            { name: 'id', in: 'query', required: true, style: 'form', explode: true, schema: { type: 'array', items: { type: 'string' }, maxItems: 100 } },
          ],
        },
        ['400'],
      ),
      '/api/products/{id}/upstream': get('links from the products this product consumes', list('Edge'), { parameters: [idParam] }),
      '/api/publish': {
        post: {
          summary: 'publish product versions (validated again by the server, then the versioning rules of dp publish)',
          security: [{ bearer: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('PublishRequest') } } },
          responses: {
            '200': json(
              { type: 'object', properties: { outcomes: { type: 'array', items: ref('PublishOutcome') } } },
              'every product published, already present, or (dry run) publishable',
            ),
            ...errors('400', '401', '403', '409', '413', '422', '503'),
          },
        },
      },
      '/api/products/{id}/runs': get(
        'test runs of a product (dp test --publish), newest first, a page at a time',
        ref('RunPage'),
        { parameters: [idParam, ...queryParameters(runsQuery)] },
        ['400'],
      ),
      '/api/products/{id}/runs/latest': get('the latest test run of each output port and server of a product', list('Run'), { parameters: [idParam] }),
      '/api/runs': {
        post: {
          summary: 'record test runs of published product versions (dp test --publish); a team token records runs only of the products its team owns',
          security: [{ bearer: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('RunsRequest') } } },
          responses: {
            '200': json(
              { type: 'object', properties: { outcomes: { type: 'array', items: ref('RunOutcome') } } },
              'one outcome per run: recorded, or refused with its reason',
            ),
            ...errors('400', '401', '413', '503'),
          },
        },
      },
      ...controlPaths(),
      '/healthz': { get: { summary: 'liveness: the process answers', responses: { '200': json({ type: 'object' }, 'alive') } } },
      '/readyz': {
        get: {
          summary: 'readiness: the catalog database answers',
          responses: { '200': json({ type: 'object' }, 'ready'), '503': json(ref('Error'), 'not ready') },
        },
      },
    },
  };
}
