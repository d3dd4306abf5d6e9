/**
 * JSON Schemas of the test-run endpoints: the request body of POST /api/runs
 * (checked by fastify before the handler; the bounds of src/catalog/record-runs.ts),
 * the query of a product's runs, and the stored run for the OpenAPI description.
 */
import { MAX_MESSAGE, MAX_NAME, MAX_RUN_CHECKS, MAX_RUN_OBJECTS, MAX_RUNS } from '../catalog/record-runs.js';
import { MAX_RUNS_PAGE } from '../catalog/runs.js';
import { ODCS_OPERATORS } from '../core/odcs-operators.js';

const name = { type: 'string', minLength: 1, maxLength: MAX_NAME } as const;
const optionalName = { type: 'string', maxLength: MAX_NAME } as const;
const time = { type: 'string', maxLength: 40, description: 'ISO 8601 instant' } as const;
const message = { type: 'string', maxLength: MAX_MESSAGE } as const;

const threshold = {
  type: 'object',
  required: ['operator', 'value'],
  additionalProperties: false,
  properties: {
    operator: {
      enum: [...ODCS_OPERATORS],
    },
    value: { anyOf: [{ type: 'number' }, { type: 'array', minItems: 2, maxItems: 2, items: { type: 'number' } }] },
  },
} as const;

export const runCheckSchema = {
  type: 'object',
  required: ['object', 'check', 'category', 'status', 'measured', 'expected', 'severity', 'message'],
  additionalProperties: false,
  properties: {
    object: optionalName,
    field: optionalName,
    check: name,
    category: { enum: ['schema', 'quality', 'sla'] },
    status: { enum: ['passed', 'failed', 'error', 'skipped'] },
    measured: { anyOf: [{ type: 'number' }, { type: 'string', maxLength: MAX_NAME }, { type: 'null' }] },
    unit: { enum: ['rows', 'percent', 'seconds', 'type', 'value'] },
    threshold,
    expected: message,
    severity: { enum: ['error', 'warning', 'info'] },
    dimension: optionalName,
    message,
    location: {
      type: 'object',
      required: ['file', 'line', 'column'],
      additionalProperties: false,
      properties: { file: optionalName, line: { type: 'integer', minimum: 0 }, column: { type: 'integer', minimum: 0 } },
    },
  },
} as const;

export const runCandidateSchema = {
  type: 'object',
  required: ['productId', 'productVersion', 'port', 'contractId', 'server', 'serverType', 'startedAt', 'finishedAt', 'status', 'objects', 'checks'],
  additionalProperties: false,
  properties: {
    productId: name,
    productVersion: { type: 'string', minLength: 1, maxLength: 100 },
    port: name,
    contractId: name,
    contractVersion: { type: 'string', maxLength: 100 },
    server: name,
    serverType: name,
    startedAt: time,
    finishedAt: time,
    status: { enum: ['passed', 'failed', 'error'] },
    message,
    since: time,
    objects: {
      type: 'array',
      maxItems: MAX_RUN_OBJECTS,
      items: {
        type: 'object',
        required: ['object'],
        additionalProperties: false,
        properties: { object: optionalName, rows: { type: 'integer', minimum: 0 }, watermark: time },
      },
    },
    checks: { type: 'array', maxItems: MAX_RUN_CHECKS, items: runCheckSchema },
  },
} as const;

export const runsBody = {
  type: 'object',
  required: ['runs'],
  additionalProperties: false,
  properties: {
    publisher: { type: 'string', maxLength: 200, description: 'who recorded the runs, as the client names them (recorded with the token id)' },
    runs: { type: 'array', minItems: 1, maxItems: MAX_RUNS, items: runCandidateSchema },
  },
} as const;

export const runsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    port: { type: 'string', maxLength: MAX_NAME, description: 'only runs of this output port' },
    server: { type: 'string', maxLength: MAX_NAME, description: 'only runs on this server (of the contract)' },
    before: { type: 'string', pattern: '^[0-9]{1,15}$', description: 'the `next` of the previous page: runs older than this run id' },
    limit: { type: 'integer', minimum: 1, maximum: MAX_RUNS_PAGE, default: 20 },
  },
} as const;

/** A run as stored and served (OpenAPI component `Run`). */
export const storedRunSchema = {
  allOf: [
    { ...runCandidateSchema, additionalProperties: true },
    {
      type: 'object',
      properties: {
        id: { type: 'string', description: "the run's sequence number in the catalog" },
        publisher: { type: 'string' },
        recordedAt: { type: 'string', format: 'date-time' },
        watermark: { type: ['string', 'null'], description: "the oldest of the objects' watermarks: where `dp test --since last` resumes" },
        summary: {
          type: 'object',
          properties: Object.fromEntries(['checks', 'passed', 'failed', 'errors', 'skipped', 'failing'].map((k) => [k, { type: 'integer' }])),
        },
      },
    },
  ],
} as const;

export const runOutcomeSchema = {
  type: 'object',
  properties: {
    productId: { type: 'string' },
    productVersion: { type: 'string' },
    port: { type: 'string' },
    server: { type: 'string' },
    status: { enum: ['recorded', 'refused'] },
    id: { type: 'string' },
    refusal: {
      type: 'object',
      properties: { code: { enum: ['invalid-run', 'version-unpublished', 'not-owner', 'unknown-port', 'contract-mismatch'] }, message: { type: 'string' } },
    },
  },
} as const;
