/** The versions of a product with their changelog (the classified changes against the version before). */
import type { Change, VersionSummary } from '../../catalog/store.js';
import { html, productHref, type SafeHtml } from '../html.js';
import { formatTime } from './layout.js';

/** Changes shown per version before the rest is summarised. */
const MAX_CHANGES_SHOWN = 50;

function changeItem(change: Change): SafeHtml {
  const where = change.path ? html` <code>${change.path}</code>` : null;
  const badge = change.class === 'breaking' || change.class === 'ownership' ? change.class : 'non-breaking';
  return html`<li><span class="badge ${badge}">${change.class}</span> <code>${change.ruleId}</code> ${change.message}${where}</li>`;
}

function changelog(v: VersionSummary): SafeHtml {
  if (v.previousVersion === null) return html`<p class="muted">First published version.</p>`;
  if (v.changes.length === 0) return html`<p class="muted">No contract or port changes against ${v.previousVersion}.</p>`;
  const shown = v.changes.slice(0, MAX_CHANGES_SHOWN).map(changeItem);
  const more = v.changes.length > MAX_CHANGES_SHOWN ? html`<li class="muted">and ${v.changes.length - MAX_CHANGES_SHOWN} more</li>` : null;
  return html`<p class="muted">Changes against ${v.previousVersion}:</p><ul class="changes">${shown}${more}</ul>`;
}

export function renderVersions(productId: string, versions: VersionSummary[], current: string): SafeHtml {
  const items = versions.map((v) => {
    const label = v.version === current ? html`<strong>${v.version}</strong> (shown)` : html`<a href="${productHref(productId, v.version)}">${v.version}</a>`;
    return html`<li class="version"><h3>${label}</h3><p class="muted">${formatTime(v.publishedAt)} by ${v.publisher}</p>${changelog(v)}</li>`;
  });
  return html`<h2 id="versions">Versions</h2><ol class="versions" reversed>${items}</ol>`;
}
