import { describe, expect, it } from 'vitest';
import { SettingsPatch, SetupInput, normaliseInstanceUrl, parseSettingText, type SettingKey } from '../../../preload/api.ts';

const valid = {
  instanceUrl: 'https://erp.example.com/AcumaticaERP',
  clientId: '03539A80-9BBD-231F-0435-7FBC92E9CD3F@MyCompany',
  clientSecret: 's3cret',
  username: 'dropstream',
  password: 'pw',
};

function firstIssue(input: Record<string, unknown>): { path: string; message: string } {
  const result = SetupInput.safeParse(input);
  if (result.success) throw new Error('expected a validation failure');
  const issue = result.error.issues[0]!;
  return { path: issue.path.join('.'), message: issue.message };
}

describe('Instance URL normalisation', () => {
  it.each([
    ['  https://erp.example.com/AcumaticaERP/  ', 'https://erp.example.com/AcumaticaERP'],
    ['https://erp.example.com/AcumaticaERP/entity/Default/24.200.001/SalesOrder', 'https://erp.example.com/AcumaticaERP'],
    ['https://erp.example.com/Main?ScreenId=SO301000', 'https://erp.example.com'],
    ['https://erp.example.com/AcumaticaERP/Main.aspx', 'https://erp.example.com/AcumaticaERP'],
    ['erp.example.com', 'https://erp.example.com'],
    ['http://localhost:8080/Acu', 'http://localhost:8080/Acu'],
    ['http://127.0.0.1:9000', 'http://127.0.0.1:9000'],
  ])('%s becomes %s', (input, expected) => {
    expect(normaliseInstanceUrl(input)).toEqual({ ok: true, url: expected });
  });

  it('refuses http:// for anything but loopback, and says to use https', () => {
    const result = normaliseInstanceUrl('http://erp.example.com');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/https:\/\//);
  });

  it('refuses credentials embedded in the URL', () => {
    expect(normaliseInstanceUrl('https://admin:pw@erp.example.com').ok).toBe(false);
  });
});

describe('SetupInput', () => {
  it('accepts the article values, trims stray spaces and fills the defaults', () => {
    const parsed = SetupInput.parse({ ...valid, clientId: ` ${valid.clientId} `, username: ' dropstream ' });
    expect(parsed.clientId).toBe(valid.clientId);
    expect(parsed.username).toBe('dropstream');
    expect(parsed.pollIntervalSeconds).toBe(60);
    expect(parsed.orderTypes).toEqual(['SO']);
    expect(parsed.orderStatuses).toEqual(['Open']);
    expect(parsed.endpointVersion).toBe('auto');
    expect(parsed.secretExpiresOn).toBeNull();
  });

  it('tells the operator to copy the Client ID whole when @Tenant is missing', () => {
    const issue = firstIssue({ ...valid, clientId: '03539A80-9BBD-231F-0435-7FBC92E9CD3F' });
    expect(issue.path).toBe('clientId');
    expect(issue.message).toMatch(/@ and your tenant name/);
    expect(issue.message).toMatch(/Connected Applications form/);
  });

  it('rejects a Client ID that is not a GUID', () => {
    expect(firstIssue({ ...valid, clientId: 'dropstream@MyCompany' }).message).toMatch(/should look like/);
  });

  it('rejects a secret with leading or trailing spaces rather than silently changing it', () => {
    expect(firstIssue({ ...valid, clientSecret: ' s3cret' }).message).toMatch(/starts or ends with a space/);
  });

  it('rejects an impossible expiry date and a poll interval out of range, naming the field', () => {
    expect(firstIssue({ ...valid, secretExpiresOn: '2027-02-30' }).path).toBe('secretExpiresOn');
    expect(firstIssue({ ...valid, pollIntervalSeconds: 5 }).message).toMatch(/15 seconds/);
  });

  it('refuses a megabyte after a valid start in any text field, naming the field and its bound', () => {
    // Each was taken whole: a 1 MB Instance URL went to a connection test, a 1 MB status into
    // every cycle's request to Acumatica.
    const megabyte = 'x'.repeat(1_000_000);
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['instanceUrl', { instanceUrl: megabyte }, /at most 2048 characters/],
      ['instanceUrl', { instanceUrl: `${valid.instanceUrl}/${megabyte}` }, /at most 2048 characters/],
      ['clientId', { clientId: `${valid.clientId}${megabyte}` }, /at most 200 characters/],
      ['caFile', { caFile: `/etc/ssl/${megabyte}` }, /at most 4096 characters/],
      ['orderStatuses.0', { orderStatuses: [`Open${megabyte}`] }, /at most 50 characters/],
    ];
    for (const [path, change, message] of cases) {
      const issue = firstIssue({ ...valid, ...change });
      expect(issue.path).toBe(path);
      expect(issue.message).toMatch(message);
    }
    const tooLong = (key: SettingKey, value: unknown) => SettingsPatch.safeParse({ [key]: value }).error?.issues[0];
    expect(tooLong('trackingInboxDir', `/srv/${megabyte}`)?.message).toMatch(/at most 4096 characters/);
    expect(tooLong('shipmentStatuses', [`Open${megabyte}`])?.message).toMatch(/at most 50 characters/);
    expect(tooLong('destinations', { webhook: { url: `https://hooks.example.com/${megabyte}` } })).toMatchObject({ path: ['destinations', 'webhook', 'url'], message: expect.stringMatching(/at most 2048 characters/) });
    expect(tooLong('destinations', { folder: { path: `/srv/${megabyte}` } })).toMatchObject({ path: ['destinations', 'folder', 'path'], message: expect.stringMatching(/at most 4096 characters/) });
  });
});

describe('settings typed on the command line', () => {
  it('parses numbers, lists, booleans and "none"', () => {
    expect(parseSettingText('pollIntervalSeconds', '120')).toEqual({ ok: true, value: 120 });
    expect(parseSettingText('orderTypes', 'SO, QT')).toEqual({ ok: true, value: ['SO', 'QT'] });
    expect(parseSettingText('quietNotifications', 'true')).toEqual({ ok: true, value: true });
    expect(parseSettingText('secretExpiresOn', 'none')).toEqual({ ok: true, value: null });
  });

  it('names the key and the problem for a bad value', () => {
    const result = parseSettingText('pollIntervalSeconds', '5');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^pollIntervalSeconds: .*15 seconds/);
    expect(parseSettingText('quietNotifications', 'yes')).toEqual({ ok: false, message: 'quietNotifications: Give true or false.' });
  });

  it('names the upper bound for a number too large to hold exactly, not "whole"', () => {
    // Past 2^53 a typed number reads as a float: it was refused as not whole, which it is.
    const huge = '99999999999999999999';
    expect(parseSettingText('pollIntervalSeconds', huge)).toEqual({ ok: false, message: 'pollIntervalSeconds: Poll at least once a day (86400 seconds).' });
    expect(parseSettingText('firstRunDays', huge)).toEqual({ ok: false, message: 'firstRunDays: Give at most 365 days.' });
    expect(parseSettingText('pageSize', huge)).toEqual({ ok: false, message: 'pageSize: Fetch at most 1000 records a page.' });
    expect(parseSettingText('pollIntervalSeconds', '30.5')).toMatchObject({ ok: false });
    expect(firstIssue({ ...valid, pollIntervalSeconds: huge })).toEqual({ path: 'pollIntervalSeconds', message: 'Poll at least once a day (86400 seconds).' });
    expect(firstIssue({ ...valid, pollIntervalSeconds: '30.5' })).toEqual({ path: 'pollIntervalSeconds', message: 'Use whole seconds.' });
  });

  it('refuses a misspelt key in destinations rather than dropping it, naming the field', () => {
    expect(parseSettingText('destinations', '{"webhok":{"url":"https://hooks.example.com/in"}}')).toEqual({
      ok: false,
      message: 'destinations: Unknown key "webhok": the keys here are "webhook" and "folder".',
    });
    expect(parseSettingText('destinations', '{"folder":{"path":"/srv/out","fmt":"csv"}}')).toMatchObject({ ok: false, message: expect.stringMatching(/^destinations\.folder: Unknown key "fmt"/) });
    expect(parseSettingText('destinations', '{"folder":{"path":"/srv/out","format":"xml"}}')).toEqual({ ok: false, message: 'destinations.folder.format: Give "json" or "csv".' });
    expect(parseSettingText('destinations', 'null')).toMatchObject({ ok: false, message: expect.stringMatching(/^destinations: Give a JSON object/) });
  });

  it('refuses a webhook URL that is not a web address by name, instead of throwing', () => {
    // The https check after it read the text with new URL(), which threw "Invalid URL": the service
    // answered 500 and `config set` failed (exit 1) without naming the field.
    for (const url of ['text', 'NaN', 'https://', 'x'.repeat(1000)]) {
      expect(parseSettingText('destinations', JSON.stringify({ webhook: { url } }))).toEqual({ ok: false, message: 'destinations.webhook.url: The webhook URL is not a web address.' });
    }
  });
});
