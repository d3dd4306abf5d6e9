/**
 * JSON Schemas of the API's requests (checked by fastify before a handler
 * runs) and of its responses (for the OpenAPI description). One source for
 * both, so the description cannot drift from what the server accepts.
 */
import { MAX_CANDIDATES, MAX_CONTRACTS } from '../catalog/http/wire.js';
import { runOutcomeSchema, runsBody, storedRunSchema } from './run-schemas.js';
import { QUALITIES } from '../catalog/runs.js';

const ID = { type: 'string', minLength: 1, maxLength: 200 } as const;

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: { type: 'string', maxLength: 500, description: 'words that must all occur (as word prefixes) in names, descriptions, tags, port or field names' },
    domain: { type: 'string', maxLength: 200 },
    team: { type: 'string', maxLength: 200 },
    status: { type: 'string', maxLength: 200 },
    since: { type: 'string', format: 'date-time', description: 'only products whose latest version was published at or after this time (metadata age)' },
    quality: { enum: QUALITIES, description: 'only products passing, failing or untested by the latest test run of each output port' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    offset: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 },
  },
} as const;

export const productParams = { type: 'object', required: ['id'], properties: { id: ID } } as const;
export const versionParams = {
  type: 'object',
  required: ['id', 'version'],
  properties: { id: ID, version: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;
/** At most 100 contract ids per request (the client asks in batches). */
export const publishersQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id: {
      anyOf: [
        { type: 'string', minLength: 1, maxLength: 300 },
        { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 300 } },
      ],
    },
  },
} as const;

export const consumersQuery = { type: 'object', additionalProperties: false, properties: { port: { type: 'string', maxLength: 200 } } } as const;

const documentIn = {
  type: 'object',
  required: ['file', 'text'],
  properties: {
    file: {
      type: 'string',
      minLength: 1,
      maxLength: 300,
      description:
        'path in the product directory: the descriptor (a *.odps.yaml at the top, dataproduct.odps.yaml by default) or a contract (a *.odcs.yaml path, contracts/<name>.odcs.yaml by default)',
    },
    text: { type: 'string', description: 'the YAML text as written' },
  },
} as const;

export const publishBody = {
  type: 'object',
  required: ['candidates'],
  properties: {
    publisher: { type: 'string', maxLength: 200, description: 'who publishes, as the client names them (recorded with the token id)' },
    dryRun: { type: 'boolean', default: false, description: 'check and report, store nothing' },
    transferOwnership: {
      type: 'boolean',
      default: false,
      description: "allow a new version to change the product's owning team (team.name): needs an admin token",
    },
    candidates: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_CANDIDATES,
      items: {
        type: 'object',
        required: ['documents'],
        properties: {
          source: { type: 'string', maxLength: 1000, description: 'where the product came from, for messages' },
          documents: {
            type: 'object',
            required: ['descriptor', 'contracts'],
            properties: { descriptor: documentIn, contracts: { type: 'array', maxItems: MAX_CONTRACTS, items: documentIn } },
          },
        },
      },
    },
  },
} as const;

const nullableString = { type: ['string', 'null'] } as const;

const change = {
  type: 'object',
  required: ['ruleId', 'class', 'message', 'ports'],
  properties: {
    ruleId: { type: 'string' },
    class: { enum: ['breaking', 'non-breaking', 'ownership'] },
    message: { type: 'string' },
    ports: { type: 'array', items: { type: 'string' } },
    contractId: { type: 'string' },
    path: { type: 'string' },
    before: {},
    after: {},
  },
} as const;

const edge = {
  type: 'object',
  required: ['from', 'to'],
  properties: {
    from: { type: 'object', properties: { product: { type: 'string' }, port: { type: 'string' }, contractId: { type: 'string' } } },
    to: { type: 'object', properties: { product: { type: 'string' }, port: { type: 'string' } } },
  },
} as const;

const summary = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: nullableString,
    version: { type: 'string' },
    domain: nullableString,
    team: nullableString,
    status: nullableString,
    purpose: nullableString,
    tags: { type: 'array', items: { type: 'string' } },
    publisher: { type: 'string' },
    publishedAt: { type: 'string', format: 'date-time' },
    versionCount: { type: 'integer' },
  },
} as const;

const versionSummary = {
  type: 'object',
  properties: {
    productId: { type: 'string' },
    version: { type: 'string' },
    digest: { type: 'string' },
    publisher: { type: 'string' },
    publishedAt: { type: 'string', format: 'date-time' },
    previousVersion: nullableString,
    changes: { type: 'array', items: { $ref: '#/components/schemas/Change' } },
  },
} as const;

const outcome = {
  type: 'object',
  properties: {
    productId: { type: 'string' },
    version: { type: 'string' },
    digest: { type: 'string' },
    status: { enum: ['published', 'unchanged', 'refused', 'would-publish'] },
    previousVersion: nullableString,
    changes: { type: 'array', items: { $ref: '#/components/schemas/Change' } },
    refusals: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } },
    affectedConsumers: { type: 'array', items: { $ref: '#/components/schemas/Edge' } },
    affectedGrants: {
      type: 'array',
      description: 'teams holding live grants on the ports a breaking change affects',
      items: {
        type: 'object',
        properties: {
          grant: { type: 'string' },
          port: { type: 'string' },
          team: { type: 'string' },
          role: { type: 'string' },
          purpose: nullableString,
          until: nullableString,
        },
      },
    },
    source: { type: 'string' },
  },
} as const;

const error = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: {
          enum: [
            'malformed',
            'unauthenticated',
            'forbidden',
            'not-found',
            'conflict',
            'body-too-large',
            'unsupported-media-type',
            'refused',
            'unavailable',
            'storage',
            'internal',
          ],
        },
        message: { type: 'string' },
        outcomes: { type: 'array', items: { $ref: '#/components/schemas/PublishOutcome' } },
        findings: { type: 'array', items: { type: 'object' } },
      },
    },
  },
} as const;

/** Response schemas, under `#/components/schemas/` in the OpenAPI description. */
const contractPublishers = {
  type: 'object',
  required: ['contractId', 'products'],
  properties: {
    contractId: { type: 'string' },
    products: { type: 'array', items: { type: 'string' }, description: 'products whose latest version declares an output port under the contract id' },
  },
};

export const COMPONENTS = {
  Change: change,
  ContractPublishers: contractPublishers,
  Edge: edge,
  ProductSummary: summary,
  ProductPage: { type: 'object', properties: { total: { type: 'integer' }, items: { type: 'array', items: { $ref: '#/components/schemas/ProductSummary' } } } },
  Facets: {
    type: 'object',
    properties: Object.fromEntries(
      ['domains', 'teams', 'statuses', 'quality'].map((k) => [
        k,
        { type: 'array', items: { type: 'object', properties: { value: { type: 'string' }, count: { type: 'integer' } } } },
      ]),
    ),
  },
  VersionSummary: versionSummary,
  VersionRecord: {
    allOf: [
      { $ref: '#/components/schemas/VersionSummary' },
      {
        type: 'object',
        properties: {
          name: nullableString,
          domain: nullableString,
          team: nullableString,
          status: nullableString,
          documents: { type: 'object' },
          validation: { type: 'object' },
          ports: { type: 'array', items: { type: 'object' } },
        },
      },
    ],
  },
  PublishRequest: publishBody,
  PublishOutcome: outcome,
  Run: storedRunSchema,
  RunPage: {
    type: 'object',
    properties: {
      items: { type: 'array', items: { $ref: '#/components/schemas/Run' } },
      next: { type: ['string', 'null'], description: 'the `before` of the next page' },
    },
  },
  RunsRequest: runsBody,
  RunOutcome: runOutcomeSchema,
  Error: error,
} as const;
