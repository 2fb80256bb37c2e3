/**
 * A newer release upgraded the file while this process had it open (it started before that release
 * refused to, main/engine/upgrade-guard.ts, or slipped in between its open and its lease claim).
 * Every write transaction checks for it, so the old schema's assumptions write no more records.
 */
export class LedgerUpgradedWhileOpenError extends Error {
  readonly fileVersion: number;
  readonly supportedVersion: number;

  constructor(path: string, fileVersion: number, supportedVersion: number) {
    super(
      `The ledger ${path} was upgraded to schema version ${fileVersion} by a newer release of DropStream Connector while this one, ` +
        `which knows versions up to ${supportedVersion}, had it open. This one stopped syncing: stop it, and start the newer release instead.`,
    );
    this.name = 'LedgerUpgradedWhileOpenError';
    this.fileVersion = fileVersion;
    this.supportedVersion = supportedVersion;
  }
}
