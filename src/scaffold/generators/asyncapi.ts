/** ports/output/<port>/asyncapi.yaml: an AsyncAPI 3.0 description of a stream output port. */
import type { OutputModel, ProductModel } from '../model.js';
import { jsonSchemaType } from '../targets.js';

export function payloadSchema(o: OutputModel): Record<string, unknown> {
  return {
    type: 'object',
    required: o.fields.filter((f) => f.key || f.required).map((f) => f.name),
    properties: Object.fromEntries(o.fields.map((f) => [f.name, { ...jsonSchemaType(f.type), description: f.description }])),
  };
}

export function asyncapi(p: ProductModel, o: OutputModel): Record<string, unknown> {
  const message = `${o.snake}_record`;
  return {
    asyncapi: '3.0.0',
    info: {
      title: `${p.title}: ${o.name}`,
      version: o.version,
      description: `${o.description} Contract: ${o.contractFile} (${o.contractId}).`,
      contact: { name: p.team, email: p.owner.includes('@') ? p.owner : undefined },
    },
    servers: { production: { host: String(o.server.host), protocol: 'kafka', description: 'Event streaming backbone' } },
    channels: {
      [o.snake]: {
        address: o.address,
        description: `One message per record, keyed by ${o.key?.name ?? 'the record id'}.`,
        messages: { [message]: { $ref: `#/components/messages/${message}` } },
      },
    },
    operations: {
      [`publish_${o.snake}`]: {
        action: 'send',
        channel: { $ref: `#/channels/${o.snake}` },
        summary: `${p.id} publishes ${o.name}.`,
      },
    },
    components: {
      messages: {
        [message]: { name: message, title: `${o.name} record`, contentType: 'application/json', payload: payloadSchema(o) },
      },
    },
  };
}
