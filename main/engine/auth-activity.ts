// Which token events the operator should see in the activity log, in their words. The rest
// (routine refreshes) go to the support log only.
import type { TokenEvent } from '../acumatica/token-manager.ts';

const MESSAGES: Partial<Record<TokenEvent['event'], string>> = {
  'password-grant': 'Signed in to Acumatica as the integration user (the connector holds one API session).',
  'refresh-rejected': 'The refresh token had lapsed (a pause longer than the sliding window?); signing in again with the password.',
  'interrupted-refresh': 'A refresh was interrupted last time; signed in again rather than reuse its token.',
};

export function tokenEventActivity(event: TokenEvent): { level: 'info' | 'warn'; kind: string; message: string } | undefined {
  const message = MESSAGES[event.event];
  return message ? { level: event.level, kind: `auth.${event.event}`, message } : undefined;
}
