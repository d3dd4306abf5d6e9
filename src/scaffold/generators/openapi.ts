/** ports/output/<port>/openapi.yaml: an OpenAPI 3.1 description of an api output port. */
import type { OutputModel, ProductModel } from '../model.js';
import { payloadSchema } from './asyncapi.js';

function listOperation(o: OutputModel, schema: string): Record<string, unknown> {
  return {
    operationId: `list_${o.snake}`,
    summary: `List ${o.name}, newest first`,
    parameters: [
      { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
      { name: 'cursor', in: 'query', description: 'Opaque cursor from the previous page.', schema: { type: 'string' } },
    ],
    responses: {
      '200': {
        description: `A page of ${o.name}`,
        content: {
          'application/json': {
            schema: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: schema } }, next: { type: 'string' } } },
          },
        },
      },
      '401': { description: 'Missing or invalid token' },
      '403': { description: `The caller lacks the ${o.readerRole} role` },
    },
  };
}

function getOperation(o: OutputModel, schema: string): Record<string, unknown> {
  const key = o.key?.name ?? 'id';
  return {
    operationId: `get_${o.snake}`,
    summary: `One ${o.name} record by ${key}`,
    parameters: [{ name: key, in: 'path', required: true, schema: { type: 'string' } }],
    responses: {
      '200': { description: 'The record', content: { 'application/json': { schema: { $ref: schema } } } },
      '404': { description: 'No such record' },
    },
  };
}

export function openapi(p: ProductModel, o: OutputModel): Record<string, unknown> {
  const schema = `#/components/schemas/${o.snake}`;
  const key = o.key?.name ?? 'id';
  return {
    openapi: '3.1.0',
    info: { title: `${p.title}: ${o.name}`, version: o.version, description: `${o.description} Contract: ${o.contractFile} (${o.contractId}).` },
    servers: [{ url: o.address.replace(new RegExp(`/${o.name}$`), ''), description: 'production' }],
    security: [{ bearer: [] }],
    paths: {
      [`/${o.name}`]: { get: listOperation(o, schema) },
      [`/${o.name}/{${key}}`]: { get: getOperation(o, schema) },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: `A token carrying the ${o.readerRole} role.` } },
      schemas: { [o.snake]: payloadSchema(o) },
    },
  };
}
