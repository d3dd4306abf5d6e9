/**
 * POST /api/publish: authenticate, re-validate what was sent, check that the
 * token's team is the team every product names, then hand over to
 * `publishToStore` (the same versioning rules as a local `dp publish`, and the
 * rules of ownership against the team owning each product now, with the token
 * as the caller). When anything is refused the
 * answer is an error (403, 409 or 422) that still carries one outcome per
 * product, so the client reports refusals exactly as a local publish does.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { digestOf } from '../catalog/canonical.js';
import { publishToStore } from '../catalog/publish.js';
import { grantsOn } from '../control/access/affected.js';
import type { CatalogStore, PublishOutcome, Refusal, TokenRecord } from '../catalog/store.js';
import type { Policy } from '../validate/policies/policy.js';
import { describeToken, mayPublish, type Authenticator } from './auth.js';
import { ApiError, type ErrorCode } from './errors.js';
import { receiveCandidates, type Offered, type Received } from './receive.js';
import { publishBody } from './schemas.js';
import { bodyDeadline } from './timeouts.js';

/** Refusals that mean "someone else got there first", answered with 409. */
const CONFLICT_CODES = new Set(['version-exists', 'conflict']);
/** Refusals of the caller's rights over a product already in the catalog, answered with 403. */
const FORBIDDEN_CODES = new Set(['not-owner']);
const MAX_FINDINGS_IN_MESSAGE = 5;
const MAX_FINDINGS_IN_BODY = 200;

interface PublishRequest {
  publisher?: string;
  dryRun?: boolean;
  transferOwnership?: boolean;
  candidates: Offered[];
}

function refusedOutcome(r: Received, refusal: Refusal): PublishOutcome {
  return {
    productId: r.productId,
    version: r.version,
    digest: r.candidate ? digestOf(r.candidate.documents) : '',
    status: 'refused',
    previousVersion: null,
    changes: [],
    refusals: [refusal],
    affectedConsumers: [],
    source: r.source,
  };
}

function validationRefusal(r: Received): Refusal {
  const errors = r.findings.filter((f) => f.severity === 'error');
  const lines = errors.slice(0, MAX_FINDINGS_IN_MESSAGE).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}: ${f.message}`);
  const more = errors.length > MAX_FINDINGS_IN_MESSAGE ? `; and ${errors.length - MAX_FINDINGS_IN_MESSAGE} more` : '';
  return {
    code: 'validation-failed',
    message: `${r.productId || 'product'}@${r.version}: the catalog server's validation found ${r.errors} error${r.errors === 1 ? '' : 's'}: ${lines.join('; ')}${more}`,
  };
}

function ownershipRefusal(r: Received, token: TokenRecord): Refusal {
  return {
    code: 'not-owner',
    message: `${r.productId}@${r.version}: ${describeToken(token)} may not publish products of ${r.team ? `team ${r.team}` : 'no team (team.name is missing)'}`,
  };
}

/** Outcomes when a product failed validation or ownership: nothing of the request is published. */
function precheckFailure(received: Received[], token: TokenRecord): ApiError | undefined {
  const refusals = received.map((r) => (r.errors > 0 ? validationRefusal(r) : !mayPublish(token, r.team) ? ownershipRefusal(r, token) : undefined));
  if (refusals.every((x) => x === undefined)) return undefined;
  const outcomes = received.map((r, i) =>
    refusedOutcome(
      r,
      refusals[i] ?? { code: 'not-attempted', message: `${r.productId}@${r.version}: not published because other products of the same request were refused` },
    ),
  );
  const forbidden = refusals.some((x) => x?.code === 'not-owner');
  const findings = received.flatMap((r) => r.findings.map((f) => ({ productId: r.productId, source: r.source, ...f }))).slice(0, MAX_FINDINGS_IN_BODY);
  const failed = refusals.filter((x): x is Refusal => x !== undefined);
  const code: ErrorCode = forbidden ? 'forbidden' : 'refused';
  return new ApiError(code, failed.map((x) => x.message).join('\n'), { outcomes, findings });
}

function refusalError(outcomes: PublishOutcome[]): ApiError | undefined {
  const refused = outcomes.filter((o) => o.status === 'refused');
  if (refused.length === 0) return undefined;
  const any = (codes: Set<string>) => refused.some((o) => o.refusals.some((x) => codes.has(x.code)));
  const message = `${refused.length} of ${outcomes.length} product${outcomes.length === 1 ? '' : 's'} refused: ${refused.map((o) => `${o.productId}@${o.version} (${o.refusals.map((x) => x.code).join(', ')})`).join(', ')}`;
  return new ApiError(any(FORBIDDEN_CODES) ? 'forbidden' : any(CONFLICT_CODES) ? 'conflict' : 'refused', message, { outcomes });
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

export function publisherName(declared: string | undefined, token: TokenRecord): string {
  const clean = (declared ?? '').replace(CONTROL_CHARACTERS, '').trim().slice(0, 100);
  return `${clean || (token.admin ? 'admin' : `team ${token.team}`)} (token ${token.id})`;
}

/** A compressed body would be read as JSON text as it is: refused (415), as any body the server cannot read. */
export function refuseEncoded(request: FastifyRequest, _reply: unknown, done: (error?: Error) => void): void {
  const encoding = request.headers['content-encoding'];
  if (encoding === undefined || encoding.trim().toLowerCase() === 'identity') return done();
  done(new ApiError('unsupported-media-type', `the request body is encoded (${encoding}); send it as plain application/json`));
}

export function registerPublishRoute(app: FastifyInstance, deps: { store: CatalogStore; policy: Policy; auth: Authenticator; bodyTimeoutMs: number }): void {
  const tokens = new WeakMap<object, TokenRecord>();
  // Authenticate before the body is read: an unknown client never gets a megabyte parsed.
  const authenticate = async (request: FastifyRequest) => {
    tokens.set(request, await deps.auth.authenticate(request.headers.authorization));
  };
  // The body's deadline runs from the end of the headers, also while the token is checked.
  const onRequest = [bodyDeadline(deps.bodyTimeoutMs), authenticate, refuseEncoded];
  app.post<{ Body: PublishRequest }>('/api/publish', { schema: { body: publishBody }, onRequest }, async (request, reply) => {
    const token = tokens.get(request)!;
    const received = await receiveCandidates(request.body.candidates, deps.policy);
    const failure = precheckFailure(received, token);
    if (failure) throw failure;
    const candidates = received.map((r) => r.candidate!);
    const caller = { kind: 'token' as const, id: token.id, admin: token.admin, team: token.team };
    const outcomes = await publishToStore(
      deps.store,
      candidates,
      {
        publisher: publisherName(request.body.publisher, token),
        dryRun: request.body.dryRun,
        transferOwnership: request.body.transferOwnership,
        grantsOn: (store, id, ports) => grantsOn(store, id, ports),
      },
      caller,
    );
    const refused = refusalError(outcomes);
    if (refused) throw refused;
    return reply.code(200).send({ outcomes });
  });
}
