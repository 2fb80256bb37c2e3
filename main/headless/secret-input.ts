// Secrets for the command line come from the environment or a hidden prompt, never from argv:
// argv is visible to every user on the machine (ps, /proc) and lands in shell history.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export const SECRET_ENV = {
  clientSecret: 'DROPSTREAM_CLIENT_SECRET',
  password: 'DROPSTREAM_PASSWORD',
  newClientSecret: 'DROPSTREAM_NEW_CLIENT_SECRET',
  webhookApiKey: 'DROPSTREAM_WEBHOOK_API_KEY',
  webhookSigningSecret: 'DROPSTREAM_WEBHOOK_SIGNING_SECRET',
} as const;

export type SecretInput = keyof typeof SECRET_ENV;

export interface Terminal {
  input: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  output: Writable;
}

/** The secret from its environment variable, else a hidden prompt on a TTY, else undefined. */
export async function readSecret(name: SecretInput, label: string, env: NodeJS.ProcessEnv, terminal: Terminal): Promise<string | undefined> {
  const fromEnv = env[SECRET_ENV[name]];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!terminal.input.isTTY) return undefined;
  return promptHidden(`${label}: `, terminal);
}

function promptHidden(question: string, terminal: Terminal): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: terminal.input, output: terminal.output, terminal: true });
    // Echo nothing while the secret is typed; readline writes through _writeToOutput.
    const muted = rl as unknown as { _writeToOutput: (text: string) => void };
    terminal.output.write(question);
    muted._writeToOutput = () => {};
    let answered = false;
    rl.question('', (answer) => {
      answered = true;
      rl.close();
      terminal.output.write('\n');
      resolve(answer);
    });
    // Ctrl-C (raw mode turns it into input, not a signal) or Ctrl-D: without these the question
    // never answered and the command ended on Node's "unsettled top-level await" warning.
    rl.on('SIGINT', () => rl.close());
    rl.on('close', () => {
      if (answered) return;
      terminal.output.write('\n');
      reject(new Error(`Cancelled at the "${question.replace(/: $/, '')}" prompt: nothing was changed.`));
    });
  });
}
