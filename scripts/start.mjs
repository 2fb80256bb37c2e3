// `npm run start`: build, then launch the Electron app, or explain in one paragraph why it cannot
// run here and what to use instead.
import { spawnSync } from 'node:child_process';
import { displayProblem, findElectronBinary } from './electron-binary.mjs';

const binary = findElectronBinary();
const problem = 'missing' in binary ? binary.missing : displayProblem();
if (problem) {
  console.error(
    `DropStream Connector cannot start its desktop window on this machine: ${problem}. ` +
      'The same engine and the same UI run without Electron: `npm run headless` starts the service ' +
      'and prints the local address of the dashboard, and `npm run demo` does the same against a ' +
      'simulated Acumatica instance.',
  );
  process.exit(1);
}
const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const app = spawnSync(binary.path, ['.'], { stdio: 'inherit' });
process.exit(app.status ?? 0);
