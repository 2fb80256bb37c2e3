import { describe, expect, it } from 'vitest';
import type { AcumaticaErrorKind } from '../../../main/acumatica/errors.ts';
import type { PreflightResult } from '../../../main/acumatica/preflight.ts';
import { preflightReport } from '../../../main/engine/preflight-report.ts';

const notChecked = { status: 'unknown', message: 'Not checked: the connector could not sign in.' } as const;

function signInFailed(kind: AcumaticaErrorKind, message: string): PreflightResult {
  return {
    token: { status: 'failed', kind, message },
    endpoint: { status: 'failed', kind, message },
    rights: { salesOrderRead: notChecked, shipmentRead: notChecked, stockItemRead: notChecked, shipmentWrite: notChecked },
    ok: false,
  };
}

describe('the connection test report', () => {
  it('fails the Connected Application check when its flow refuses the password grant', () => {
    const message = "Acumatica's identity server refused the password grant (unauthorized_client).";
    const report = preflightReport(signInFailed('oauth-error', message));
    expect(report.checks.find((check) => check.id === 'client-credentials')).toMatchObject({ outcome: 'failed', detail: message, fix: expect.stringMatching(/Resource Owner Password Credentials/) });
  });

  it('says why the sign-in failed when no check covers the reason', () => {
    const message = 'Unexpected failure while getting a token: the refresh token could not be saved';
    const report = preflightReport(signInFailed('storage', message));
    expect(report.ok).toBe(false);
    expect(report.checks.map((check) => check.detail).join('\n')).toContain(message);
  });

  it('does not repeat a reason another check already names', () => {
    const message = 'Could not reach https://erp.example.com: nothing accepted the connection.';
    const report = preflightReport(signInFailed('network', message));
    expect(report.checks.filter((check) => check.detail.includes(message))).toHaveLength(1);
    // The fix reads for the form and for the command line alike.
    expect(report.checks[0]).toMatchObject({ id: 'instance-reachable', outcome: 'failed', fix: expect.stringContaining('setup --ca-file') });
  });
});
