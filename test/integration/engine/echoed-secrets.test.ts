// A token request carries the client secret, the password or the refresh token in its form body, and
// whatever answers it (Acumatica, IIS, a proxy's error page) may quote a field back. Whatever answer
// it is, the value must reach neither the operator's screen (status, events, the connection test)
// nor the disk (ledger, log).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testConnection } from '../../../main/engine/setup-actions.ts';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst, simSetupInput } from '../../support/engine-harness.ts';
import { filesUnder, findLeaks, text } from '../../support/leak-scan.ts';

const TOKEN_PATH = '/identity/connect/token';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ orders: 5 });
});
afterAll(() => sim.stop());
afterEach(() => sim.reset());

describe('a secret echoed by the identity server outside an OAuth error', () => {
  it('a refresh token quoted in an HTML 5xx reaches neither the status, the events, the ledger nor the log', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      const refreshToken = sim.inspect.issuedTokens().refresh.at(-1)!;
      const said: string[] = [];
      engine.connector.subscribe((event, payload) => said.push(`${event} ${JSON.stringify(payload)}`));
      sim.admin.expireAccessTokens();
      sim.faults.rewrite(
        (response) => ({ ...response, status: 500, headers: { 'content-type': 'text/html' }, body: `<html><body><h1>Runtime Error</h1><p>Grant ${refreshToken} could not be refreshed.</p></body></html>` }),
        { path: TOKEN_PATH, times: Infinity },
      );

      const failure = await engine.connector.syncOnce().then(() => null, (error: unknown) => error);
      // The failure is still told, with the page's words around the token.
      expect(failure).toMatchObject({ kind: 'server', message: expect.stringContaining('could not be refreshed') });
      // The log writes each line synchronously; the ledger's WAL file holds the newest rows.
      const leaks = findLeaks([{ label: 'refresh token', value: refreshToken }], [
        text('the error', String((failure as Error).message)),
        text('status', JSON.stringify(engine.connector.status())),
        text('events', said.join('\n')),
        ...filesUnder(engine.dataDir),
      ]);
      expect(leaks).toEqual([]);
    } finally {
      await engine.dispose();
    }
  });

  it('a typed password and client secret quoted in a plain-text 502 do not come back in the connection test, even where the excerpt ends', async () => {
    const engine = await engineAgainst(sim);
    try {
      const password = 'Echoed Pass/word-7c21';
      const clientSecret = 'Echoed-ClientSecret-4f0e9a';
      // The answer is cut to an excerpt of 300 characters: the client secret starts 10 before the
      // cut, so masking it after the cut would leave those 10 in the message.
      const head = `Bad gateway: upstream refused password ${encodeURIComponent(password)};`;
      const body = `${head} ${'x'.repeat(290 - head.length - ' and secret '.length - 1)} and secret ${clientSecret} again`;
      expect(body.indexOf(clientSecret)).toBe(290);
      sim.faults.rewrite((response) => ({ ...response, status: 502, headers: { 'content-type': 'text/plain' }, body }), { path: TOKEN_PATH, times: Infinity });
      const result = await testConnection(engine.connector, simSetupInput(sim, { clientSecret, password }));
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).toContain('Bad gateway: upstream refused password');
      const needles = [
        { label: 'password', value: password },
        { label: 'password, URL-encoded', value: encodeURIComponent(password) },
        { label: 'client secret', value: clientSecret },
        { label: 'the start of the client secret', value: clientSecret.slice(0, 10) },
      ];
      expect(findLeaks(needles, [text('connection test', JSON.stringify(result))])).toEqual([]);
    } finally {
      await engine.dispose();
    }
  });

  it('a password quoted HTML-encoded in an IIS error page, whole or cut short, does not come back in the connection test', async () => {
    const engine = await engineAgainst(sim);
    try {
      const password = 'Tr0ub4dor&3"<horse>';
      const html = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
      // As ASP.NET's request validation reports a form value: the field, and the value's start.
      sim.faults.rewrite(
        (response) => ({
          ...response,
          status: 500,
          headers: { 'content-type': 'text/html' },
          body: `<html><head><title>A potentially dangerous Request.Form value was detected from the client (password=${html(`"${password.slice(0, 12)}..."`)}).</title></head><body><h2><i>Login failed for ${html(password)}.</i></h2></body></html>`,
        }),
        { path: TOKEN_PATH, times: Infinity },
      );
      const result = await testConnection(engine.connector, simSetupInput(sim, { password }));
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).toContain('A potentially dangerous Request.Form value');
      const needles = [
        { label: 'password', value: password },
        { label: 'password, HTML-encoded', value: html(password) },
        { label: 'the start of the password, HTML-encoded', value: html(password.slice(0, 12)) },
        { label: 'the start of the password', value: password.slice(0, 12) },
      ];
      expect(findLeaks(needles, [text('connection test', JSON.stringify(result))])).toEqual([]);
    } finally {
      await engine.dispose();
    }
  });
});

describe('an access token echoed by an Acumatica error page', () => {
  it('reaches neither the error, the status nor the events, sent as it was or after a 401 renewed it', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      const said: string[] = [];
      engine.connector.subscribe((event, payload) => said.push(`${event} ${JSON.stringify(payload)}`));
      // A page that names the session it was asked under, without "Bearer" to give the token away;
      // the first answer is a 401, so the page echoes the token the renewal brought.
      sim.admin.expireAccessTokens();
      sim.faults.rewrite(
        (response) => {
          if (response.status === 401) return response;
          const [token] = sim.inspect.issuedTokens().access.slice(-1);
          return { ...response, status: 500, headers: { 'content-type': 'text/plain' }, body: `Session ${token} is in an inconsistent state.` };
        },
        { method: 'GET', path: /\/(SalesOrder|Shipment|StockItem)$/, times: Infinity },
      );
      const failure = await engine.connector.syncOnce().then(() => null, (error: unknown) => error);
      expect(failure).toMatchObject({ message: expect.stringContaining('is in an inconsistent state') });
      const tokens = sim.inspect.issuedTokens().access;
      expect(tokens.length).toBeGreaterThanOrEqual(2);
      const leaks = findLeaks(
        tokens.map((value, index) => ({ label: `access token ${index + 1}`, value })),
        [text('the error', String((failure as Error).message)), text('status', JSON.stringify(engine.connector.status())), text('events', said.join('\n'))],
      );
      expect(leaks).toEqual([]);
    } finally {
      await engine.dispose();
    }
  });
});
