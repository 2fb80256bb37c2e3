// `config list|get|set`: the non-secret settings, validated with the schemas the UI uses.
import { resolve } from 'node:path';
import { isSettingKey, meansNoValue, parseSettingText, settingDescriptions, settingToText, type SettingKey } from '../../../preload/api.ts';
import { parseFlags } from '../cli-args.ts';
import { EXIT, UsageError, type Command } from '../cli-types.ts';
import { OperatorError } from '../../engine/dispatch.ts';
import { refusePassedExpiry } from '../../engine/setup-actions.ts';
import { withEngine } from './with-engine.ts';

export const configCommand: Command = {
  name: 'config',
  summary: 'list, read or change non-secret settings',
  usage: 'config list [--json] | config get KEY | config set KEY VALUE',
  async run(context, args) {
    const [action, ...rest] = args;
    switch (action) {
      case 'list': {
        const { values } = parseFlags(rest, { json: { type: 'boolean' } });
        return withEngine(context, async ({ connector }) => {
          const settings = connector.settings.all();
          if (values.json) context.out(JSON.stringify(settings, null, 2));
          else for (const [key, value] of Object.entries(settings)) context.out(`${key} = ${settingToText(value)}    # ${settingDescriptions[key as SettingKey]}`);
          return EXIT.ok;
        });
      }
      case 'get': {
        const { positionals } = parseFlags(rest, {}, 1);
        const key = requireKey(positionals[0]);
        return withEngine(context, async ({ connector }) => {
          context.out(settingToText(connector.settings.get(key)));
          return EXIT.ok;
        });
      }
      case 'set': {
        const { positionals } = parseFlags(rest, {}, 2);
        const key = requireKey(positionals[0]);
        if (positionals[1] === undefined) throw new UsageError(`config set ${key}: give a value.`);
        const parsed = parseSettingText(key, PATH_KEYS.has(key) ? absoluteUnlessNone(positionals[1]) : positionals[1]);
        if (!parsed.ok) throw new UsageError(parsed.message);
        return withEngine(context, async ({ connector }) => {
          try {
            if (key === 'secretExpiresOn') refusePassedExpiry(typeof parsed.value === 'string' ? parsed.value : null, connector.settings.get('secretExpiresOn'));
            connector.applySettings({ [key]: parsed.value });
          } catch (error) {
            // The sign-in identity of a configured connection is Setup's to change (exit 2).
            if (error instanceof OperatorError && error.code === 'invalid-request') throw new UsageError(error.message.startsWith(key) ? error.message : `${key}: ${error.message}`);
            throw error;
          }
          context.out(`${key} = ${settingToText(connector.settings.get(key))}`);
          return EXIT.ok;
        }, { createDataDir: true }); // scripted installs may set options before `setup`
      }
      default:
        throw new UsageError(`say list, get or set (got "${action ?? ''}").`);
    }
  },
};

function requireKey(key: string | undefined): SettingKey {
  if (key === undefined) throw new UsageError('name a setting (see "config list").');
  if (!isSettingKey(key)) throw new UsageError(`Unknown setting "${key}". Settings: ${Object.keys(settingDescriptions).join(', ')}.`);
  return key;
}

/** Settings naming a file or folder here: a relative one is taken from the folder the command ran in. */
const PATH_KEYS: ReadonlySet<SettingKey> = new Set(['caFile', 'trackingInboxDir']);

function absoluteUnlessNone(text: string): string {
  const trimmed = text.trim();
  return meansNoValue(trimmed) ? trimmed : resolve(trimmed);
}
