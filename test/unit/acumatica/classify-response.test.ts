import { describe, expect, it } from 'vitest';
import { classifyResponse, parseBody, type ResponseShape } from '../../../main/acumatica/classify-response.ts';
import { AcumaticaError } from '../../../main/acumatica/errors.ts';
import { EntityListWire } from '../../../main/acumatica/wire.ts';

const json = (status: number, body: unknown, headers: Record<string, string> = {}): ResponseShape => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});
const text = (status: number, body: string, headers: Record<string, string> = {}): ResponseShape => ({ status, headers, body });
const ctx = { entity: 'SalesOrder', operation: 'listing SalesOrder' };

function classify(res: ResponseShape, context = ctx): AcumaticaError {
  const error = classifyResponse(res, context);
  if (!error) throw new Error('expected an error');
  return error;
}

describe('classifyResponse', () => {
  it('passes 2xx through', () => {
    expect(classifyResponse(json(200, []), ctx)).toBeNull();
    expect(classifyResponse(text(204, ''), ctx)).toBeNull();
    expect(classifyResponse(text(202, '', { location: '/x' }), ctx)).toBeNull();
  });

  it('401 is unauthorized and not retryable by backoff (the token manager handles it)', () => {
    const error = classify(json(401, { message: 'Authorization has been denied for this request.' }));
    expect(error).toMatchObject({ kind: 'unauthorized', retryable: false, status: 401 });
  });

  it('403 names the form from the message', () => {
    const error = classify(
      json(403, { message: 'You have insufficient rights to access the Sales Orders (SO301000) form.' }),
    );
    expect(error).toMatchObject({ kind: 'forbidden', retryable: false, form: { id: 'SO301000', name: 'Sales Orders' } });
    expect(error.message).toContain('Sales Orders (SO301000)');
  });

  it('403 without a form in the body falls back to the entity form', () => {
    const error = classify(text(403, ''), { entity: 'Shipment', operation: 'saving Shipment' });
    expect(error.form).toEqual({ id: 'SO302000', name: 'Shipments' });
  });

  it('429 is rate-limited unless it mentions the login limit, JSON or plain IIS text', () => {
    expect(classify(text(429, 'Too Many Requests', { 'content-type': 'text/plain' }))).toMatchObject({ kind: 'rate-limited', retryable: true });
    expect(classify(text(429, 'API Login Limit', { 'content-type': 'text/plain' }))).toMatchObject({ kind: 'login-limit', retryable: true });
    expect(classify(json(429, { message: 'You have reached the API Login Limit.' }))).toMatchObject({ kind: 'login-limit' });
  });

  it('500 with "API Login Limit" is login-limit', () => {
    const error = classify(json(500, { message: 'An error has occurred.', exceptionMessage: 'API Login Limit', exceptionType: 'PX.Data.PXException' }));
    expect(error).toMatchObject({ kind: 'login-limit', retryable: true, status: 500 });
  });

  it('a 302 to Error.aspx mentioning the login limit is login-limit; other redirects are errors, never followed', () => {
    const loginLimit = classify(
      text(302, '<html><body>Object moved</body></html>', {
        location: '/AcumaticaERP/Frames/Error.aspx?exceptionID=API%20Login%20Limit&typeID=PX.Data.PXException',
        'content-type': 'text/html',
      }),
    );
    expect(loginLimit).toMatchObject({ kind: 'login-limit', status: 302 });
    const bodyOnly = classify(text(302, 'You have reached the API login limit', { location: '/Frames/Error.aspx?id=1' }));
    expect(bodyOnly.kind).toBe('login-limit');
    const other = classify(text(302, '', { location: '/AcumaticaERP/Frames/Error.aspx?exceptionID=Other' }));
    expect(other).toMatchObject({ kind: 'bad-response', retryable: true });
    const login = classify(text(302, '', { location: '/AcumaticaERP/Frames/Login.aspx?ReturnUrl=%2f' }));
    expect(login.kind).toBe('unauthorized');
  });

  it('500 "No entity satisfies the condition" is not-found', () => {
    const error = classify(json(500, { message: 'An error has occurred.', exceptionMessage: 'No entity satisfies the condition.', exceptionType: 'PX.Api.ContractBased.NoEntitySatisfiesTheConditionException' }));
    expect(error).toMatchObject({ kind: 'not-found', retryable: false });
  });

  it('404 is not-found', () => {
    expect(classify(text(404, '')).kind).toBe('not-found');
  });

  it('422 collects field errors from the echoed record', () => {
    const error = classify(
      json(422, {
        id: '3a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b',
        ShipmentNbr: { value: 'SH000101' },
        Packages: [
          { id: 'x', TrackingNbr: { value: 'ZZ', error: "'Tracking Number' cannot be empty." } },
          { BoxID: { value: 'NOPE', error: 'Box NOPE not found.' } },
        ],
        error: 'Inserting  \'Package\' record raised at least one error.',
      }),
      { entity: 'Shipment', operation: 'saving Shipment' },
    );
    expect(error.kind).toBe('validation');
    expect(error.fieldErrors).toEqual([
      { field: '(record)', message: "Inserting  'Package' record raised at least one error." },
      { field: 'Packages.0.TrackingNbr', message: "'Tracking Number' cannot be empty." },
      { field: 'Packages.1.BoxID', message: 'Box NOPE not found.' },
    ]);
    expect(error.message).toContain('Packages.1.BoxID: Box NOPE not found.');
  });

  it('412 is precondition-failed', () => {
    expect(classify(text(412, '')).kind).toBe('precondition-failed');
  });

  it('server errors: JSON exceptions are not retried, IIS/proxy failures are', () => {
    expect(classify(json(500, { message: 'An error has occurred.', exceptionMessage: "Field 'LastModifiedDateTime' not found", exceptionType: 'System.Exception' }))).toMatchObject({ kind: 'server', retryable: false });
    expect(classify(text(500, '<html><body>Server Error in Application</body></html>', { 'content-type': 'text/html' }))).toMatchObject({ kind: 'server', retryable: true });
    expect(classify(text(503, 'Service Unavailable'))).toMatchObject({ kind: 'server', retryable: true });
    expect(classify(text(502, ''))).toMatchObject({ kind: 'server', retryable: true });
    const heavy = classify(json(500, { exceptionMessage: 'Optimization cannot be performed. The following fields cause the error: Details.' }));
    expect(heavy).toMatchObject({ kind: 'server', retryable: false });
    expect(heavy.message).toContain('fewer fields or a smaller page');
  });

  it('other 4xx are bad requests', () => {
    expect(classify(json(400, { message: 'The $filter is malformed' }))).toMatchObject({ kind: 'bad-request', retryable: false });
  });

  it('never puts a token that a server echoed into the message', () => {
    const error = classify(text(500, 'Error: header Authorization: Bearer eyJhbGciOi.abc.def and access_token=eyJxyz', { 'content-type': 'text/plain' }));
    expect(error.message).not.toContain('eyJ');
  });
});

describe('parseBody', () => {
  it('parses JSON against the schema', () => {
    expect(parseBody(json(200, [{ id: '3a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b' }]), EntityListWire, 'x')).toHaveLength(1);
  });

  it('an HTML page is a bad response', () => {
    expect(() => parseBody(text(200, '<!DOCTYPE html><html><title>Sign in</title></html>', { 'content-type': 'text/html' }), EntityListWire, 'the list')).toThrow(
      expect.objectContaining({ kind: 'bad-response', message: expect.stringContaining('HTML page') }),
    );
  });

  it('truncated JSON is a retryable bad response', () => {
    expect(() => parseBody(text(200, '[{"id":"3a7c2e9a-1f3b-4d6e-9a8', { 'content-type': 'application/json' }), EntityListWire, 'the list')).toThrow(
      expect.objectContaining({ kind: 'bad-response', retryable: true }),
    );
  });

  it('schema-violating JSON is a non-retryable bad response naming the path', () => {
    expect(() => parseBody(json(200, { not: 'a list' }), EntityListWire, 'the list')).toThrow(
      expect.objectContaining({ kind: 'bad-response', retryable: false }),
    );
    expect(() => parseBody(json(200, [{ id: 42 }]), EntityListWire, 'the list')).toThrow(expect.objectContaining({ message: expect.stringContaining('0.id') }));
  });

  it("ends Acumatica's own sentence once, not with a second full stop", () => {
    const error = classify(json(500, { message: 'An error has occurred.', exceptionMessage: 'An unexpected error occurred on the server.', exceptionType: 'System.Exception', stackTrace: '' }));
    expect(error.message).toMatch(/^Acumatica failed \(HTTP 500\) while listing SalesOrder: .*server\.$/);
    expect(error.message).not.toContain('..');
    expect(classify(json(404, { message: 'Not here.' })).message).toBe('Not found while listing SalesOrder: Not here.');
  });
});
