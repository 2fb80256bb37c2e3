// Every fault kind the simulator can inject, installed together so that about `rate` of all
// requests get one (each kind an equal share). Token requests are rare (one grant per revocation),
// so each token-endpoint kind fires at the full `rate` there. Those kinds (login limit, a refresh whose
// answer is lost, which makes a naive client reuse the rotated refresh token) are aimed at the
// token endpoint; the rest hit every route. Session and token revocation are operator actions,
// not request faults, so the driver fires them between cycles (revokeTokens).
import type { FaultHandle, FaultKind, Simulator } from '../../test/acumatica-sim/index.ts';

const TOKEN_PATH = '/identity/connect/token';

export interface FaultMix {
  /** Hits per fault label so far. */
  hits(): Record<string, number>;
  remove(): void;
}

export function installFaultMix(sim: Simulator, options: { rate: number; latencyMs: number }): FaultMix {
  const everywhere: [string, FaultKind][] = [
    ['429 json', { kind: 'rate-limit-json' }],
    ['429 text', { kind: 'rate-limit-text' }],
    ['500 json', { kind: 'server-error' }],
    ['html 500', { kind: 'html-error' }],
    ['drop before', { kind: 'drop', when: 'before' }],
    ['drop after', { kind: 'drop', when: 'after' }],
    ['truncated body', { kind: 'truncate', fraction: 0.4 }],
    ['latency past timeout', { kind: 'latency', ms: options.latencyMs }],
  ];
  const onToken: [string, FaultKind][] = [
    ['login limit 429', { kind: 'login-limit', form: '429' }],
    ['login limit 500', { kind: 'login-limit', form: '500' }],
    ['login limit 302', { kind: 'login-limit', form: '302' }],
    ['token answer lost (refresh reuse)', { kind: 'drop', when: 'after' }],
  ];
  const share = options.rate / everywhere.length;
  const handles: [string, FaultHandle][] = [
    ...everywhere.map(([label, fault]): [string, FaultHandle] => [label, sim.faults.inject(fault, { times: Infinity, probability: share })]),
    ...onToken.map(([label, fault]): [string, FaultHandle] => [label, sim.faults.inject(fault, { path: TOKEN_PATH, times: Infinity, probability: options.rate })]),
  ];
  return {
    hits: () => Object.fromEntries(handles.map(([label, handle]) => [label, handle.hits])),
    remove: () => handles.forEach(([, handle]) => handle.remove()),
  };
}

/** The operator-side revocations: all sessions closed (an IIS restart) or every access token expired. */
export function revokeTokens(sim: Simulator, which: 'sessions' | 'access-tokens'): void {
  if (which === 'sessions') sim.admin.closeAllSessions();
  else sim.admin.expireAccessTokens();
}
