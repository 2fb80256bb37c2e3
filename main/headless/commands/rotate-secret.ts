// `rotate-secret`: prove the new client secret with a refresh grant (no new API session), and only
// then store it. Until it has worked the old secret stays in use; a failure changes nothing.
import { IsoDate, SecretValue, expiryHasPassed } from '../../../preload/api.ts';
import { rotateClientSecret } from '../../engine/credential-actions.ts';
import { OperatorError } from '../../engine/dispatch.ts';
import { parseFlags } from '../cli-args.ts';
import { EXIT, UsageError, type Command } from '../cli-types.ts';
import { readSecret, SECRET_ENV } from '../secret-input.ts';
import { withEngine } from './with-engine.ts';

export const rotateSecretCommand: Command = {
  name: 'rotate-secret',
  summary: 'verify a new client secret, then switch to it',
  usage: 'rotate-secret [--secret-expires-on YYYY-MM-DD|never]\n      the new secret: DROPSTREAM_NEW_CLIENT_SECRET, or a prompt on a terminal',
  async run(context, args) {
    const { values } = parseFlags(args, { 'secret-expires-on': { type: 'string' } });
    const expiresText = values['secret-expires-on'];
    // Left out, the date is unknown: keeping the old secret's would raise "expired, imports have
    // stopped" on that day while the new secret works. The admin is told how to record it.
    let expiresOn: string | null = null;
    if (expiresText !== undefined && expiresText !== 'never' && expiresText !== 'none') {
      const parsed = IsoDate.safeParse(expiresText);
      if (!parsed.success) throw new UsageError(`--secret-expires-on: ${parsed.error.issues[0]?.message ?? 'invalid date'}`);
      // In the command's words, as setup says it (the form's message names its "Never expires" box).
      if (expiryHasPassed(parsed.data)) {
        throw new UsageError(`--secret-expires-on: ${parsed.data} has passed, and Acumatica refuses a Shared Secret after its Expires On. Give the Expires On shown for the new secret, or "never".`);
      }
      expiresOn = parsed.data;
    }
    return withEngine(context, async ({ connector }) => {
      if (!connector.settings.isConfigured()) throw new UsageError('Not set up yet: run "connector setup" first.');
      const newSecret = await readSecret('newClientSecret', 'New Client Secret', context.env, context.terminal);
      if (!newSecret) throw new UsageError(`Set ${SECRET_ENV.newClientSecret} to the new Shared Secret value (secrets are never taken from the command line).`);
      // The form's rule: a value copied with a space around it is refused here, not sent to Acumatica.
      const checked = SecretValue('new Client Secret').safeParse(newSecret);
      if (!checked.success) throw new UsageError(`${SECRET_ENV.newClientSecret}: ${checked.error.issues[0]?.message ?? 'invalid'}`);
      try {
        await rotateClientSecret(connector, newSecret, expiresOn);
      } catch (error) {
        if (!(error instanceof OperatorError)) throw error;
        if (error.code === 'invalid-request') throw new UsageError(error.message);
        context.err(error.message);
        return EXIT.failed;
      }
      context.out('The new secret works and is now in use. Remove the old Shared Secret from the Connected Application in Acumatica.');
      if (expiresText === undefined) {
        context.out('No --secret-expires-on was given, so no expiry date is recorded and no reminder will come. If the new secret has an Expires On, record it: connector config set secretExpiresOn YYYY-MM-DD');
      }
      return EXIT.ok;
    }, { needsSecrets: true });
  },
};
