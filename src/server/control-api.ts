/**
 * What the control plane's routes share: every one needs a token (reads too,
 * with or without --auth-reads: who holds access to what, and who must erase
 * whom, is not for everyone), acts through `StoreControl` with the token as
 * the actor, and answers the control plane's refusals with their HTTP status.
 * Nothing here is cached: each answer is read afresh.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CatalogStore } from '../catalog/store.js';
import { tokenActor } from '../control/actor.js';
import { StoreControl } from '../control/plane.js';
import type { ControlSettings } from '../control/settings.js';
import { DpError } from '../errors.js';
import type { Authenticator } from './auth.js';
import { ApiError, type ErrorCode } from './errors.js';

export interface ControlDeps {
  store: CatalogStore;
  auth: Authenticator;
  settings: ControlSettings;
  now: () => Date;
}

const CODES: Record<string, ErrorCode> = { forbidden: 'forbidden', invalid: 'refused', 'not-found': 'not-found', conflict: 'conflict' };

/** The control plane's refusal as the API answers it; anything else as it is. */
export function controlError(error: unknown): unknown {
  if (!(error instanceof DpError)) return error;
  const code = CODES[(error.details as { code?: string } | undefined)?.code ?? ''];
  if (code) return new ApiError(code, error.message, error.hint ? { hint: error.hint } : {});
  if (error.type === 'usage' || error.type === 'input') return new ApiError('refused', error.message, error.hint ? { hint: error.hint } : {});
  return error;
}

/** A handler run as the request's token, on the control plane; it answers the JSON it returns. */
export function asActor<T>(
  deps: ControlDeps,
  work: (control: StoreControl, request: FastifyRequest) => Promise<T>,
  status: number | ((body: T) => number) = 200,
) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const token = await deps.auth.authenticate(request.headers.authorization);
    const control = new StoreControl(deps.store, tokenActor(token), deps.settings, deps.now);
    try {
      const body = await work(control, request);
      return reply
        .code(typeof status === 'number' ? status : status(body))
        .header('Cache-Control', 'no-store')
        .send(body);
    } catch (error) {
      throw controlError(error);
    }
  };
}

/** Querystring and body schemas: strings of bounded length, unknown members removed by fastify. */
export const text = (max = 200) => ({ type: 'string', minLength: 1, maxLength: max });
export const idParams = { type: 'object', required: ['id'], properties: { id: text(300) } };
