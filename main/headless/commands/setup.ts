// `setup`: validates and stores the five values; secrets come from the environment or a prompt.
import { resolve } from 'node:path';
import { SetupInput, expiryHasPassed, type CompanyChoice, type SetupInput as SetupFields } from '../../../preload/api.ts';
import { saveSetup } from '../../engine/setup-actions.ts';
import { OperatorError } from '../../engine/dispatch.ts';
import { parseFlags } from '../cli-args.ts';
import { EXIT, UsageError, type Command } from '../cli-types.ts';
import { readSecret } from '../secret-input.ts';
import { withEngine } from './with-engine.ts';

const CLI_WORDS = { same: 'run setup again with --same-company', other: 'run it with --new-company' };

export const setupCommand: Command = {
  name: 'setup',
  summary: 'validate and store the connection (secrets encrypted)',
  usage:
    'setup --instance-url URL --client-id ID --username USER [--secret-expires-on YYYY-MM-DD|never] [--ca-file PEM|none] [--endpoint-version V|auto]\n' +
    '      [--same-company | --new-company]   (needed when the instance or tenant changes after orders were imported)\n' +
    '      an option left out keeps its stored value; secrets: DROPSTREAM_CLIENT_SECRET and DROPSTREAM_PASSWORD, or a prompt on a terminal',
  async run(context, args) {
    const { values } = parseFlags(args, {
      'instance-url': { type: 'string' },
      'client-id': { type: 'string' },
      username: { type: 'string' },
      'secret-expires-on': { type: 'string' },
      'ca-file': { type: 'string' },
      'endpoint-version': { type: 'string' },
      'same-company': { type: 'boolean' },
      'new-company': { type: 'boolean' },
    });
    if (values['same-company'] && values['new-company']) throw new UsageError('Give --same-company or --new-company, not both.');
    const companyChoice: CompanyChoice | undefined = values['same-company'] ? 'same-company' : values['new-company'] ? 'new-company' : undefined;
    for (const flag of ['instance-url', 'client-id', 'username'] as const) {
      if (values[flag] === undefined) throw new UsageError(`--${flag} is required.`);
    }
    const expires = values['secret-expires-on'];
    const caFile = values['ca-file'];
    const fields: SetupFields = {
      instanceUrl: values['instance-url']!,
      clientId: values['client-id']!,
      username: values.username!,
      secretExpiresOn: expires === undefined || expires === 'never' || expires === 'none' ? null : expires,
      // Stored absolute: the service later runs from another folder than this command. An empty
      // value (a script's unset variable) stays an error rather than quietly dropping the CA.
      caFile: caFile === undefined || caFile === 'none' ? null : caFile.trim() === '' ? '' : resolve(caFile),
      endpointVersion: values['endpoint-version'] ?? 'auto',
    };
    const parsed = SetupInput.safeParse(fields);
    if (!parsed.success) throw new UsageError(fieldMessage(parsed.error.issues[0]));
    // Typed now, for the secret being entered now (as the form and rotate-secret refuse it): a
    // mistyped year would show a working secret as expired.
    if (parsed.data.secretExpiresOn && expiryHasPassed(parsed.data.secretExpiresOn)) {
      throw new UsageError(`--secret-expires-on: ${parsed.data.secretExpiresOn} has passed, and Acumatica refuses a Shared Secret after its Expires On. Give the Expires On shown for the secret, or "never".`);
    }

    return withEngine(context, async ({ connector }) => {
      const current = connector.settings.all();
      const clientSecret = await readSecret('clientSecret', 'Client Secret', context.env, context.terminal);
      const password = await readSecret('password', 'Password', context.env, context.terminal);
      // An option left out keeps what is stored, as the setup form shows it: running setup again
      // for a new password must not drop the CA file (the next sign-in would fail) or the expiry.
      const setup = {
        ...parsed.data,
        secretExpiresOn: expires === undefined ? current.secretExpiresOn : parsed.data.secretExpiresOn,
        caFile: caFile === undefined ? current.caFile : parsed.data.caFile,
        endpointVersion: values['endpoint-version'] === undefined ? current.endpointVersion : parsed.data.endpointVersion,
        orderTypes: current.orderTypes,
        orderStatuses: current.orderStatuses,
        pollIntervalSeconds: current.pollIntervalSeconds,
        companyChoice,
      };
      if (clientSecret !== undefined) setup.clientSecret = checkSecret(clientSecret, 'DROPSTREAM_CLIENT_SECRET', 'clientSecret');
      if (password !== undefined) setup.password = checkSecret(password, 'DROPSTREAM_PASSWORD', 'password');
      try {
        await saveSetup(connector, setup, true, CLI_WORDS);
      } catch (error) {
        if (error instanceof OperatorError && error.field === 'companyChoice') throw new UsageError(error.message);
        if (error instanceof OperatorError && error.code === 'invalid-request' && error.field === 'caFile') throw new UsageError(`--ca-file: ${error.message}`);
        if (error instanceof OperatorError && error.code === 'invalid-request') {
          const variable = error.field === 'password' ? 'DROPSTREAM_PASSWORD' : 'DROPSTREAM_CLIENT_SECRET';
          throw new UsageError(`${error.message} Set ${variable} (secrets are never taken from the command line).`);
        }
        throw error;
      }
      context.out(`Saved. Instance ${setup.instanceUrl}, client ${setup.clientId}, user ${setup.username}; secrets stored encrypted in ${context.dataDir}.`);
      context.out('Next: "connector test-connection" checks the sign-in and the integration user\'s rights.');
      return EXIT.ok;
    }, { createDataDir: true, needsSecrets: true });
  },
};

function checkSecret(value: string, variable: string, field: 'clientSecret' | 'password'): string {
  const schema = SetupInput.shape[field].unwrap();
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`${variable}: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return result.data;
}

const FLAG_OF_FIELD: Record<string, string> = {
  instanceUrl: '--instance-url',
  clientId: '--client-id',
  username: '--username',
  secretExpiresOn: '--secret-expires-on',
  caFile: '--ca-file',
  endpointVersion: '--endpoint-version',
};

function fieldMessage(issue: { path: PropertyKey[]; message: string } | undefined): string {
  if (!issue) return 'Invalid setup values.';
  const field = String(issue.path[0] ?? '');
  return `${FLAG_OF_FIELD[field] ?? field}: ${issue.message}`;
}
