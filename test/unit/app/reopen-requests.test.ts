import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { listenForReopen } from '../../../main/app/reopen-requests.ts';

describe('opening the app again while it runs', () => {
  it('opens the dashboard for a second launch (Windows, Linux) and for macOS reopening it from Finder', () => {
    const app = new EventEmitter();
    const requests = listenForReopen(app);
    const opened: string[] = [];
    requests.ready(() => opened.push('dashboard'));
    app.emit('second-instance');
    app.emit('activate');
    expect(opened).toEqual(['dashboard', 'dashboard']);
  });

  it('keeps a launch made while the app was still starting, and answers it once, when the window can show', () => {
    const app = new EventEmitter();
    const requests = listenForReopen(app);
    // The operator clicks twice at boot, before start-up (ledger, login item) is done.
    app.emit('second-instance');
    app.emit('activate');
    const opened: string[] = [];
    requests.ready(() => opened.push('dashboard'));
    expect(opened).toEqual(['dashboard']);
    app.emit('second-instance');
    expect(opened).toEqual(['dashboard', 'dashboard']);
  });

  it('opens nothing at start-up when nobody asked', () => {
    const requests = listenForReopen(new EventEmitter());
    const opened: string[] = [];
    requests.ready(() => opened.push('dashboard'));
    expect(opened).toEqual([]);
  });
});
