/**
 * Answering GET requests through the page cache: a route produces its answer
 * (status, content type, body) and `respond` sends it, from the cache when the
 * catalog did not change since it was produced.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';
import { cacheKey } from './cache-key.js';
import type { AnswerOptions, CachedAnswer, PageCache } from './read-model/page-cache.js';

export interface Answer {
  status: number;
  type: string;
  body: string;
  /** The catalog state it was read in, when it was read in one snapshot (see `AnswerOptions.stamped`). */
  stamp?: string;
  /** When the relative times it shows would read differently (epoch milliseconds), for the cache. */
  expiresAt?: number;
  /** The products it shows, when not the whole catalog: a publish of another product leaves it cached. */
  products?: readonly string[];
  /**
   * False for an answer not worth keeping: one that shows nothing (a list of an unknown product, a
   * search matching nothing). Anyone can ask for endless such URLs; they cost little to answer again.
   */
  cacheable?: boolean;
}

/** A signed-in reader's copy of a page, made after the cache (src/server/personalise.ts). */
export type Personalise = (page: string) => Promise<string>;

/** `personalise` may still be looked up (the reader's session) while the answer is: both are awaited together. */
export type Responder = (
  request: FastifyRequest,
  reply: FastifyReply,
  produce: () => Promise<Answer>,
  options?: AnswerOptions,
  personalise?: Promise<Personalise | undefined>,
) => Promise<FastifyReply>;

const JSON_TYPE = 'application/json; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';

export function jsonAnswer(value: unknown, status = 200): Answer {
  return jsonTextAnswer(JSON.stringify(value), status);
}

/** An answer from JSON text already serialised (by the store). */
export function jsonTextAnswer(text: string, status = 200): Answer {
  return { status, type: JSON_TYPE, body: text };
}

/** A 404 as the API answers it, as an answer (so it can be cached like any other). */
export function notFoundAnswer(message: string): Answer {
  return jsonAnswer(new ApiError('not-found', message).body(), 404);
}

export function htmlAnswer(body: string, status = 200): Answer {
  return { status, type: HTML_TYPE, body };
}

function encode(answer: Answer): CachedAnswer {
  const body = Buffer.from(answer.body, 'utf8');
  return {
    status: answer.status,
    type: answer.type,
    body,
    stamp: answer.stamp,
    expiresAt: answer.expiresAt,
    products: answer.products,
    cacheable: answer.cacheable,
  };
}

/**
 * Answers from the cache when it can. A page personalised for a session is made from the cached
 * answer on the way out and never kept, by this process or by any cache between it and the reader
 * (`no-store`); every answer varies with the cookie, so that a browser never shows a copy made for
 * a reader signed in, or out, since.
 */
export function makeResponder(cache: PageCache | undefined): Responder {
  return async (request, reply, produce, options, personalising) => {
    const answering = cache ? cache.answer(cacheKey(request), async () => encode(await produce()), options) : produce().then(encode);
    const [answer, personalise] = await Promise.all([answering, personalising]);
    reply.code(answer.status).type(answer.type).header('Vary', 'Cookie');
    if (personalise && answer.type === HTML_TYPE)
      return reply.header('Cache-Control', 'private, no-store').send(await personalise(answer.body.toString('utf8')));
    return reply.header('Cache-Control', 'private, no-cache').send(answer.body);
  };
}

/** Puts an answer in the cache under `key` (`cacheKey` of the request it answers: warming), unless one is kept already. */
export async function prime(cache: PageCache, key: string, produce: () => Promise<Answer>, options?: AnswerOptions): Promise<void> {
  if (!cache.has(key)) await cache.answer(key, async () => encode(await produce()), options);
}
