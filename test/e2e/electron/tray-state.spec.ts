import { expect, test } from '@playwright/test';
import { cannotRun, launchConnector, skipReason, trayModel } from './launch-connector.ts';

test.skip(cannotRun, skipReason);

test('the tray shows the not-configured state with the full menu', async () => {
  const connector = await launchConnector();
  try {
    await expect.poll(async () => (await trayModel(connector.app))?.icon).toBe('not-configured');
    const model = await trayModel(connector.app);
    expect(model?.tooltip).toContain('Not set up yet');
    const labels = model?.menu.flatMap((item) => (item.label ? [item.label] : []));
    expect(labels).toEqual(expect.arrayContaining(['Sync now', 'Pause', 'Set up…', 'Rotate client secret…', 'Open logs folder', 'Quit DropStream Connector']));
  } finally {
    await connector.close();
  }
});
