import { describe, expect, it } from 'vitest';
import { chooseEndpoint } from '../../../main/acumatica/endpoint-discovery.ts';
import { HttpClient, parseInstanceUrl, transportError } from '../../../main/acumatica/http-client.ts';
import { excerpt, redact } from '../../../main/acumatica/redact.ts';
import { RequestBudget } from '../../../main/acumatica/request-budget.ts';
import { fakeClock } from './support/fake-clock.ts';

const list = (...versions: [string, string][]) => ({
  version: { acumaticaBuildVersion: '24.208.0031' },
  endpoints: versions.map(([name, version]) => ({ name, version, href: `/entity/${name}/${version}/` })),
});

describe('endpoint discovery', () => {
  it('picks the newest supported Default version', () => {
    const endpoints = list(['Default', '20.200.001'], ['Default', '24.200.001'], ['Default', '22.200.001'], ['Default', '99.100.001'], ['eCommerce', '25.200.001']);
    expect(chooseEndpoint(endpoints)).toEqual({ name: 'Default', version: '24.200.001', acumaticaBuild: '24.208.0031' });
  });

  it('honours a pinned version that the instance has, and refuses one it lacks', () => {
    const endpoints = list(['Default', '23.200.001'], ['Default', '24.200.001']);
    expect(chooseEndpoint(endpoints, '23.200.001').version).toBe('23.200.001');
    expect(() => chooseEndpoint(endpoints, '25.200.001')).toThrow(expect.objectContaining({ kind: 'configuration' }));
  });

  it('explains when nothing is supported', () => {
    expect(() => chooseEndpoint(list(['Default', '18.200.001']))).toThrow(expect.objectContaining({ kind: 'configuration', message: expect.stringContaining('18.200.001') }));
  });
});

describe('instance URL', () => {
  it('keeps a virtual directory and drops trailing slashes', () => {
    expect(parseInstanceUrl('https://erp.example.com/AcumaticaERP/')).toEqual({ origin: 'https://erp.example.com', basePath: '/AcumaticaERP' });
    expect(parseInstanceUrl(' https://myerp.acumatica.com ')).toEqual({ origin: 'https://myerp.acumatica.com', basePath: '' });
  });

  it('requires HTTPS except for loopback', () => {
    expect(() => parseInstanceUrl('http://erp.example.com')).toThrow(expect.objectContaining({ kind: 'configuration' }));
    expect(parseInstanceUrl('http://127.0.0.1:8080/ERP').basePath).toBe('/ERP');
    expect(parseInstanceUrl('http://localhost:8080').origin).toBe('http://localhost:8080');
    expect(parseInstanceUrl('http://[::1]:8080').origin).toBe('http://[::1]:8080');
    expect(() => parseInstanceUrl('ftp://erp.example.com')).toThrow();
    expect(() => parseInstanceUrl('not a url')).toThrow(expect.objectContaining({ kind: 'configuration' }));
    expect(() => parseInstanceUrl('https://u:p@erp.example.com')).toThrow(expect.objectContaining({ kind: 'configuration' }));
  });

  it('resolves server-relative paths against the origin, never another host', async () => {
    const http = new HttpClient({ instanceUrl: 'https://erp.example.com/AcumaticaERP', budget: new RequestBudget({ clock: fakeClock() }) });
    expect(http.apiUrl('/entity').href).toBe('https://erp.example.com/AcumaticaERP/entity');
    expect(http.resolveServerUrl('/AcumaticaERP/entity/Default/24.200.001/Shipment/ConfirmShipment/status/1').href).toBe(
      'https://erp.example.com/AcumaticaERP/entity/Default/24.200.001/Shipment/ConfirmShipment/status/1',
    );
    expect(() => http.resolveServerUrl('https://evil.example.net/steal')).toThrow(expect.objectContaining({ kind: 'bad-response' }));
    await http.close();
  });

  it('a missing CA file is a configuration error', () => {
    expect(() => new HttpClient({ instanceUrl: 'https://erp.example.com', budget: new RequestBudget({ clock: fakeClock() }), extraCaFile: '/nonexistent/ca.pem' })).toThrow(
      expect.objectContaining({ kind: 'configuration' }),
    );
  });
});

describe('transport errors', () => {
  const url = new URL('https://erp.example.com/x');
  it('maps timeouts, TLS trust failures and connection errors', () => {
    expect(transportError(Object.assign(new Error('t'), { code: 'UND_ERR_CONNECT_TIMEOUT' }), url)).toMatchObject({ kind: 'timeout', retryable: true });
    expect(transportError(Object.assign(new Error('t'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), url)).toMatchObject({ kind: 'timeout' });
    expect(transportError(Object.assign(new Error('t'), { code: 'UND_ERR_BODY_TIMEOUT' }), url)).toMatchObject({ kind: 'timeout' });
    const tls = transportError(Object.assign(new Error('self-signed'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), url);
    expect(tls).toMatchObject({ kind: 'network', retryable: false });
    expect(tls.message).toContain('CA file');
    expect(transportError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), url)).toMatchObject({ kind: 'network', retryable: true });
  });

  it('says in words why a connection failed, keeping the code for support', () => {
    expect(transportError(Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:443'), { code: 'ECONNREFUSED' }), url).message).toBe(
      'Could not reach https://erp.example.com: nothing accepted the connection (is the server running, and is the port right?) [ECONNREFUSED].',
    );
    expect(transportError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }), url).message).toBe(
      'Could not reach https://erp.example.com: the connection was closed by the other side [UND_ERR_SOCKET].',
    );
    // A code without words keeps the error's own text, ending with one full stop.
    expect(transportError(Object.assign(new Error('Something odd.'), { code: 'E_ODD' }), url).message).toBe('Could not reach https://erp.example.com: E_ODD Something odd.');
  });
});

describe('redact', () => {
  it('masks token fields, bearer headers and known secrets, also URL-encoded', () => {
    const out = redact(
      'grant_type=password&client_secret=s3cr3t%2Bx&password=hunter2 {"access_token":"eyJabc","refresh_token":"R1"} Authorization: Bearer eyJ.x.y hunter2 s3cr3t+x',
      ['hunter2', 's3cr3t+x'],
    );
    expect(out).not.toMatch(/hunter2|s3cr3t|eyJ|R1/);
  });

  it('masks a quoted value whole, up to its closing quote or the end of a cut excerpt', () => {
    expect(redact('{"password":"correct horse, battery & staple","user":"x"}')).toBe('{"password":"***","user":"x"}');
    expect(redact('(password="Tr0ub4dor&3 ...").')).toBe('(password="***").');
    expect(redact('{"refresh_token":"say \\"when\\" 42"}')).toBe('{"refresh_token":"***"}');
    expect(redact('client_secret="cut off by the excerpt, with spaces')).toBe('client_secret="***"');
  });

  it('masks a known secret HTML-encoded or form-encoded, and reads an HTML page\'s character references', () => {
    const secret = `O'Neil & <Sons> "1" + x`;
    const page = `<p>Login failed for O&#39;Neil &amp; &lt;Sons&gt; &quot;1&quot; + x</p> body=O%27Neil+%26+%3CSons%3E+%221%22+%2B+x`;
    expect(redact(page, [secret])).toBe('<p>Login failed for ***</p> body=***');
    expect(excerpt('<h2>Bad &quot;value&quot; &#x26; &#60;more&#62;&nbsp;here &bogus;</h2>')).toBe('Bad "value" & <more> here &bogus;');
  });

  it('masks a known secret as a JSON encoder echoes it, whichever characters it escapes and in whichever hex case', () => {
    const secret = 'pâss/wörd+1 😀';
    // PHP json_encode: '/' as '\/', non-ASCII as lower-case \uxxxx (an emoji as its surrogate pair);
    // .NET System.Text.Json: '+' and non-ASCII as upper-case \uXXXX; Go: as written.
    const php = 'p\\u00e2ss\\/w\\u00f6rd+1 \\ud83d\\ude00';
    const dotnet = 'p\\u00E2ss/w\\u00F6rd\\u002B1 \\uD83D\\uDE00';
    expect(redact(`{"php":"${php}","dotnet":"${dotnet}","go":"${secret}"}`, [secret])).toBe('{"php":"***","dotnet":"***","go":"***"}');
    // .NET's HtmlEncoder writes '+' as '&#x2B;'; .NET's HttpUtility.UrlEncode writes lower-case hex.
    expect(redact('p&#xE2;ss/w&#246;rd&#x2B;1 &#x1F600; and p%c3%a2ss%2fw%c3%b6rd%2b1+%f0%9f%98%80', [secret])).toBe('*** and ***');
  });

  it('masks a known secret with control characters as JSON writes them, as the support log does', () => {
    const secret = 'line one\nline\ttwo';
    expect(redact(JSON.stringify({ echoed: secret }), [secret])).toBe('{"echoed":"***"}');
  });
});
