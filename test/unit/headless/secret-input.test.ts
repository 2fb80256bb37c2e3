// The hidden prompt for a secret on a terminal: cancelling it (Ctrl-C, Ctrl-D) ends the command
// with a clear error and nothing stored, rather than leaving it waiting on a question nobody answers.
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { readSecret, type Terminal } from '../../../main/headless/secret-input.ts';

const terminal = (): Terminal & { input: PassThrough; output: PassThrough } => ({ input: Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined }), output: new PassThrough() });

it('answers with what was typed, unechoed', async () => {
  const tty = terminal();
  const answer = readSecret('newClientSecret', 'New Client Secret', {}, tty);
  tty.input.write('s3cret-value\r');
  await expect(answer).resolves.toBe('s3cret-value');
  expect(String(tty.output.read())).not.toContain('s3cret-value');
});

it('Ctrl-C at the prompt cancels the command', async () => {
  const tty = terminal();
  const answer = readSecret('newClientSecret', 'New Client Secret', {}, tty);
  tty.input.write('half-typed\x03');
  await expect(answer).rejects.toThrow('Cancelled at the "New Client Secret" prompt: nothing was changed.');
});

it('the end of input (Ctrl-D) at the prompt cancels it too', async () => {
  const tty = terminal();
  const answer = readSecret('password', 'Password', {}, tty);
  tty.input.end();
  await expect(answer).rejects.toThrow(/Cancelled at the "Password" prompt/);
});
