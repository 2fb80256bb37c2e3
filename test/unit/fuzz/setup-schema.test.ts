// Fuzzing the setup form's schema and the command line's setting parser: any input is either
// accepted in canonical form or refused with a message, never an exception.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSettingText, settingSchemas, settingToText, SetupInput, type SettingKey } from '../../../preload/api.ts';

const KEYS = Object.keys(settingSchemas) as SettingKey[];
const RUNS = { numRuns: 300 };

// Near-miss values find more edges than uniform noise: real-looking pieces, spaces, separators.
const piece = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', 'none', 'never', 'true', 'false', '15', '-1', '1e3', '2027-02-30', '2027-06-30', 'https://erp.example.com/AcumaticaERP', 'http://127.0.0.1:8088', 'SO,QT', 'Open, On Hold', '{"webhook":null}', '{"folder":{"path":"/tmp/x"}}'),
  fc.constantFrom('03539A80-9BBD-231F-0435-7FBC92E9CD3F@MyCompany', '03539A80-9BBD-231F-0435-7FBC92E9CD3F', '@', 'x@y@z'),
);

describe('fuzz: setup schema and setting text', () => {
  it('SetupInput accepts or refuses any object, each refusal with a message', () => {
    const field = fc.oneof(piece, fc.jsonValue());
    const input = fc.record(
      { instanceUrl: field, clientId: field, clientSecret: field, username: field, password: field, secretExpiresOn: field, caFile: field, endpointVersion: field, orderTypes: fc.oneof(field, fc.array(piece)), pollIntervalSeconds: field },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(input, fc.jsonValue()), (value) => {
        const result = SetupInput.safeParse(value);
        if (result.success) expect(typeof result.data.instanceUrl).toBe('string');
        else for (const issue of result.error.issues) expect(issue.message.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('parseSettingText answers ok with a value the key accepts, or a message naming the key', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KEYS), piece, (key, text) => {
        const parsed = parseSettingText(key, text);
        if (parsed.ok) expect(settingSchemas[key].safeParse(parsed.value).success).toBe(true);
        // Inside a JSON value the field follows the key: destinations.folder.format.
        else expect(parsed.message).toMatch(new RegExp(`^${key}(\\.\\w+)*: `));
      }),
      RUNS,
    );
  });

  it('a parsed value printed by settingToText parses back to the same value (config get | config set)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KEYS), piece, (key, text) => {
        const parsed = parseSettingText(key, text);
        if (!parsed.ok) return;
        const again = parseSettingText(key, settingToText(parsed.value));
        expect(again).toEqual(parsed);
      }),
      RUNS,
    );
  });
});
