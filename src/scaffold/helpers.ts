/** The only helpers templates may call (Handlebars runs with knownHelpersOnly). Pure functions of their arguments. */

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

export const HELPERS: Record<string, (...args: unknown[]) => unknown> = {
  titleCase: (s) =>
    str(s)
      .split(/[-_\s]+/)
      .filter(Boolean)
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(' '),
  snake: (s) => str(s).replace(/[-\s.]+/g, '_'),
  upper: (s) => str(s).toUpperCase(),
  json: (v) => JSON.stringify(v),
  eq: (a, b) => a === b,
  join: (list, sep) => (Array.isArray(list) ? list.map(str).join(typeof sep === 'string' ? sep : ', ') : ''),
};
