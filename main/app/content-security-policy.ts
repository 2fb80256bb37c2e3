// The renderer's Content Security Policy. Main sends it as a header on every app:// response
// (renderer-files.ts) and on http(s) responses (window-security.ts, for the dev server); the header
// adds frame-ancestors, which a meta tag cannot set. renderer/index.html carries the same policy
// in a meta tag as well, so the page is under it however it is served (the headless service, a
// browser test). A test keeps the two in step.
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
} as const;

/** Directives browsers ignore in a meta tag, so they only travel in the header. */
const HEADER_ONLY = { 'frame-ancestors': ["'none'"] } as const;

function serialise(directives: Record<string, readonly string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

export const META_CSP = serialise(CSP_DIRECTIVES);
export const HEADER_CSP = serialise({ ...CSP_DIRECTIVES, ...HEADER_ONLY });
