import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../../../main/log/redactor.ts';
import { isSensitiveKey } from '../../../main/log/sensitive-keys.ts';

describe('Redactor', () => {
  it('redacts by key at any depth, in any spelling', () => {
    const redactor = new Redactor();
    const out = redactor.redact({
      a: { b: [{ clientSecret: 's1', 'Client-Secret': 's2', access_token: 's3', Authorization: 's4', webhookSecret: 's5' }] },
      keep: 'visible',
      token: null,
    });
    expect(JSON.stringify(out)).not.toMatch(/s[1-5]/);
    expect(out).toMatchObject({ keep: 'visible', token: null });
    expect(['tokenType', 'trackingNbr', 'expiresIn'].some(isSensitiveKey)).toBe(false);
  });

  it('redacts known values wherever they occur, including inside longer strings and keys', () => {
    const redactor = new Redactor(['hunter2-long']);
    expect(redactor.redact({ msg: 'pw=hunter2-long;', ['hunter2-long']: 1 })).toEqual({ msg: `pw=${REDACTED};`, [REDACTED]: 1 });
  });

  it('redacts the longest secret first when one contains another', () => {
    const redactor = new Redactor(['abcd', 'abcdefgh']);
    expect(redactor.redactText('x abcdefgh y')).toBe(`x ${REDACTED} y`);
  });

  it('redacts a known value as JSON.stringify wrote it, control characters and quotes included', () => {
    const secret = 'tab\there "q" back\\slash\nline';
    const redactor = new Redactor([secret]);
    expect(redactor.redactText(JSON.stringify({ body: `a ${secret} b` }))).toBe(`{"body":"a ${REDACTED} b"}`);
  });

  it('redacts a value holding a percent sign both as written and URL-encoded', () => {
    // '%25' may be the secret's own '%' or its encoded form: both readings are followed.
    const redactor = new Redactor(['50%2Foff!']);
    expect(redactor.redactText(`raw 50%2Foff! form ${encodeURIComponent('50%2Foff!')} end`)).toBe(`raw ${REDACTED} form ${REDACTED} end`);
  });

  it('catches unregistered secrets by shape', () => {
    const redactor = new Redactor();
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl';
    expect(redactor.redactText(`Authorization: Bearer ${jwt}`)).not.toContain('eyJ');
    expect(redactor.redactText('grant_type=refresh_token&refresh_token=abc123&client_id=x')).toBe(
      `grant_type=refresh_token&refresh_token=${REDACTED}&client_id=x`,
    );
    expect(redactor.redactText('{"access_token":"zzz","token_type":"Bearer","expires_in":3600}')).toBe(
      `{"access_token":"${REDACTED}","token_type":"Bearer","expires_in":3600}`,
    );
    expect(redactor.redactText(`saw ${jwt} in a body`)).toBe(`saw ${REDACTED} in a body`);
  });

  it('masks a quoted key=value whole, up to its closing quote, not only up to the first space', () => {
    const redactor = new Redactor();
    // A passphrase has spaces; a connection string or a shell line quotes it.
    expect(redactor.redactText('login password="correct horse battery" user=admin')).toBe(`login password="${REDACTED}" user=admin`);
    expect(redactor.redactText("client_secret='s3 cr;et' next")).toBe(`client_secret='${REDACTED}' next`);
    expect(redactor.redactText('password="an escaped \\" quote" done')).toBe(`password="${REDACTED}" done`);
    // An excerpt cut before the closing quote: the rest of the text is the value.
    expect(redactor.redactText('password="cut off mid value')).toBe(`password="${REDACTED}"`);
    // A bare value still ends at a separator.
    expect(redactor.redactText('password=hunter2 user=admin')).toBe(`password=${REDACTED} user=admin`);
  });

  it('turns errors into plain objects, keeps causes, and survives cycles', () => {
    const redactor = new Redactor(['secret-value']);
    const inner = new Error('inner secret-value');
    const outer = new Error('outer', { cause: inner }) as Error & { self?: unknown };
    outer.self = outer;
    const out = redactor.redact({ err: outer }) as { err: Record<string, unknown> };
    expect(out.err).toMatchObject({ type: 'Error', message: 'outer', self: '[Circular]', cause: { message: `inner ${REDACTED}` } });
    expect(JSON.stringify(out)).not.toContain('secret-value');
  });

  it('ignores values too short to redact meaningfully', () => {
    const redactor = new Redactor(['ab']);
    expect(redactor.redactText('a cab')).toBe('a cab');
  });
});
