// Who may talk to the local service. It listens on loopback only, but any web page the operator
// opens can still aim requests at 127.0.0.1: the Host check stops DNS rebinding, the Origin check
// stops cross-site POSTs, and the per-launch token stops everything else on the machine that did
// not get the URL the service printed.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403 | 415; message: string };

export interface RequestGuard {
  checkHost(req: IncomingMessage): GuardVerdict;
  checkToken(req: IncomingMessage, url: URL, allowQueryToken: boolean): GuardVerdict;
  checkOrigin(req: IncomingMessage): GuardVerdict;
  checkJsonBody(req: IncomingMessage): GuardVerdict;
}

export function createRequestGuard(token: string, port: () => number): RequestGuard {
  const expected = Buffer.from(token);
  const allowedHosts = () => new Set([`127.0.0.1:${port()}`, `localhost:${port()}`, `[::1]:${port()}`]);
  const allowedOrigins = () => new Set([...allowedHosts()].map((host) => `http://${host}`));

  function tokenMatches(candidate: string | null | undefined): boolean {
    if (!candidate) return false;
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  return {
    checkHost(req) {
      // Node keeps the first of several Host headers; a request carrying two is refused outright.
      const hostHeaders = req.rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() === 'host').length;
      const host = (req.headers.host ?? '').toLowerCase();
      return hostHeaders === 1 && allowedHosts().has(host) ? { ok: true } : { ok: false, status: 403, message: 'Forbidden: unexpected Host header.' };
    },
    checkToken(req, url, allowQueryToken) {
      const header = req.headers.authorization ?? '';
      // The scheme is case-insensitive (RFC 9110, 11.1).
      const bearer = /^bearer +(\S+) *$/i.exec(header)?.[1] ?? null;
      const fromQuery = allowQueryToken ? url.searchParams.get('token') : null;
      if (tokenMatches(bearer) || tokenMatches(fromQuery)) return { ok: true };
      return { ok: false, status: 401, message: 'Unauthorized: open the address the service printed at start, or the one in the dashboard-address file of its data folder (it carries the launch token).' };
    },
    checkOrigin(req) {
      const origin = req.headers.origin;
      // Browsers send Origin on every POST; scripts on this machine that hold the token may omit it.
      if (origin === undefined) return { ok: true };
      return allowedOrigins().has(origin.toLowerCase()) ? { ok: true } : { ok: false, status: 403, message: 'Forbidden: cross-origin request.' };
    },
    checkJsonBody(req) {
      // A plain HTML form cannot send application/json, so this also closes form-based CSRF.
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      return type === 'application/json' ? { ok: true } : { ok: false, status: 415, message: 'Send JSON (Content-Type: application/json).' };
    },
  };
}
