// The renderer's Content Security Policy. renderer/index.html carries the same policy in a meta
// tag (the only way it applies to a file:// page); main also sends it as a header for anything
// served over http(s), which covers the dev server and adds frame-ancestors, which a meta tag
// cannot set. A test keeps the two in step.
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
