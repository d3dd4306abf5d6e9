/**
 * Who acts on the control plane, and what each may do. Through a catalog
 * server the actor is a token: a team's (acts for that team), the privacy
 * office's (files erasure requests) or an admin's. A local writer (a command
 * given the catalog's SQLite file or postgres:// URL) holds the database
 * itself, so dp cannot tell who it is: it may do anything a token could, says
 * for which team it acts where that matters (`--team`), and is recorded by
 * its name (DP_PUBLISHER, git's user.email or the login name).
 *
 * Every rule below is checked by the same code for both, before anything is
 * stored; the server never trusts a client's claim about who it is.
 */
import type { TokenRecord } from '../catalog/store.js';
import { DpError } from '../errors.js';

export type Actor = { kind: 'token'; id: string; team: string | null; admin: boolean; privacy: boolean } | { kind: 'local'; name: string; team?: string };

export function tokenActor(token: TokenRecord): Actor {
  return { kind: 'token', id: token.id, team: token.team, admin: token.admin, privacy: Boolean(token.privacy) };
}

/** The name recorded with the events an actor appends. */
export function actorName(actor: Actor): string {
  if (actor.kind === 'local') return `${actor.name} (local${actor.team ? `, team ${actor.team}` : ''})`;
  if (actor.admin) return `admin (token ${actor.id})`;
  return `${actor.privacy ? 'privacy office' : 'team'} ${actor.team} (token ${actor.id})`;
}

/** A local writer, or an admin token: may do what any token may. */
export const isAdmin = (actor: Actor): boolean => actor.kind === 'local' || actor.admin;

/** The team an actor acts for: a team token's team, or a local writer's `--team`. */
export function teamOf(actor: Actor): string | undefined {
  if (actor.kind === 'local') return actor.team;
  return actor.admin || actor.privacy ? undefined : (actor.team ?? undefined);
}

/** Whether the actor acts for this team (admins and local writers act for any). */
export const actsFor = (actor: Actor, team: string | null): boolean => isAdmin(actor) || (team !== null && teamOf(actor) === team);

export const isPrivacyOffice = (actor: Actor): boolean => actor.kind === 'local' || (actor.kind === 'token' && actor.privacy);

/** A refusal of the actor's rights: exit 1 on the command line, 403 from the server. */
export function forbidden(message: string, hint?: string): DpError {
  return new DpError('refused', message, { hint, details: { code: 'forbidden' } });
}

/** A refusal of what was asked (an unknown port, a date in the past...): exit 2, 422 from the server. */
export function invalid(message: string, hint?: string): DpError {
  return new DpError('usage', message, { hint, details: { code: 'invalid' } });
}

/** Something that does not exist: exit 2, 404 from the server. */
export function missing(message: string, hint?: string): DpError {
  return new DpError('input', message, { hint, details: { code: 'not-found' } });
}

/** The state changed in a way that makes the action impossible (a revoked grant approved): exit 1, 409. */
export function conflict(message: string, hint?: string): DpError {
  return new DpError('refused', message, { hint, details: { code: 'conflict' } });
}
