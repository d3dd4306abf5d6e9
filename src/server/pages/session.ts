/** The pieces of a signed-in web catalog: the header's links, the sign-in page, and the hidden field of every form. */
import { describeToken } from '../auth.js';
import { html, trusted, type SafeHtml } from '../html.js';
import type { WebSession } from '../session.js';
import { renderPage } from './layout.js';

/** The CSRF field every form of a signed-in page carries (src/server/session.ts). */
export const csrfField = (session: { csrf: string }): SafeHtml => html`<input type="hidden" name="csrf" value="${session.csrf}">`;

/**
 * A view kept for every session of a viewer (src/server/read-model/control-views.ts) is rendered
 * with this empty field; `sessionPage` fills in the reader's token. No text of the catalog can print
 * it (its `<` and `"` would be escaped).
 */
export const NO_SESSION = { csrf: '' };
const EMPTY_CSRF = csrfField(NO_SESSION).value;

/** A page of a signed-in reader: the body (a kept view, or made for it), its header, and its forms' token filled in. */
export function sessionPage(title: string, body: string, session: WebSession): string {
  const page = renderPage({ title, body: trusted(body), nav: sessionNav(session) });
  const field = csrfField(session).value;
  return page.replaceAll(EMPTY_CSRF, () => field);
}

/** Who is signed in, as the header says it. */
export function signedInAs(session: WebSession): string {
  const t = session.token;
  if (t.admin) return 'admin';
  return t.privacy ? `privacy office${t.team ? ` (${t.team})` : ''}` : `team ${t.team}`;
}

/** The header's links for a signed-in reader: its pages, who it is, and the sign-out button (a form: signing out changes state). */
export function sessionNav(session: WebSession): SafeHtml {
  const t = session.token;
  const access = t.privacy ? null : html`<a href="/access">Requests</a><a href="/access/queue">Queue</a>`;
  return html`<span class="session-links">${access}<a href="/erasure">Erasure</a></span>
<form class="sign-out" method="post" action="/sign-out">${csrfField(session)}<span class="who" title="${describeToken(t)}">${signedInAs(session)}</span> <button type="submit">Sign out</button></form>`;
}

export interface SignInView {
  /** The double-submit token of the form (src/server/session.ts). */
  csrf: string;
  /** Where to go once signed in. */
  next: string;
  /** Why the last attempt failed. */
  error?: string;
  /** Who is signed in already. */
  session?: WebSession;
}

export function renderSignIn(view: SignInView): string {
  const already = view.session ? html`<p class="notice">You are signed in as ${signedInAs(view.session)}. Signing in again replaces that session.</p>` : null;
  const body = html`<h1>Sign in</h1>
${already}
${view.error ? html`<p class="notice error" role="alert">${view.error}</p>` : null}
<p class="muted">Sign in with a token of your team (<code>dp catalog token create --team &lt;team&gt;</code>), of the privacy office, or an admin token.
The token is sent once, in this form's body; the catalog keeps you signed in with a session cookie of its own for a few hours.</p>
<form class="control sign-in" method="post" action="/sign-in">
<input type="hidden" name="csrf" value="${view.csrf}">
<input type="hidden" name="next" value="${view.next}">
<label>Token <input type="password" name="token" autocomplete="current-password" required maxlength="200" size="60"></label>
<button type="submit">Sign in</button>
</form>`;
  return renderPage({ title: 'Sign in', body, nav: view.session ? sessionNav(view.session) : undefined });
}
