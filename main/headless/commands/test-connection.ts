// `test-connection`: sign-in, endpoint discovery and the access preflight, each check with its fix.
import { testConnection } from '../../engine/setup-actions.ts';
import { parseFlags } from '../cli-args.ts';
import { EXIT, UsageError, type Command } from '../cli-types.ts';
import { withEngine } from './with-engine.ts';

export const testConnectionCommand: Command = {
  name: 'test-connection',
  summary: 'sign in, discover the endpoint and check the integration user\'s rights',
  usage: 'test-connection [--json]',
  async run(context, args) {
    const { values } = parseFlags(args, { json: { type: 'boolean' } });
    return withEngine(context, async ({ connector }) => {
      if (!connector.settings.isConfigured()) throw new UsageError('Not set up yet: run "connector setup" first.');
      const s = connector.settings.all();
      const result = await testConnection(connector, {
        instanceUrl: s.instanceUrl,
        clientId: s.clientId,
        username: s.username,
        secretExpiresOn: s.secretExpiresOn,
        endpointVersion: s.endpointVersion,
        caFile: s.caFile,
        pollIntervalSeconds: s.pollIntervalSeconds,
        orderTypes: s.orderTypes,
        orderStatuses: s.orderStatuses,
      });
      if (values.json) {
        context.out(JSON.stringify(result, null, 2));
      } else {
        for (const check of result.checks) {
          const mark = check.outcome === 'ok' ? 'ok  ' : check.outcome === 'failed' ? 'FAIL' : '??  ';
          context.out(`${mark} ${check.label}: ${check.detail}`);
          if (check.fix) context.out(`     Fix: ${check.fix}${check.articleStep ? ` (${check.articleStep})` : ''}`);
        }
        context.out(result.ok ? `Connection OK (endpoint Default ${result.endpointVersion}).` : 'Connection test failed.');
      }
      return result.ok ? EXIT.ok : EXIT.failed;
    }, { needsSecrets: true });
  },
};
