// Electron security scan (electronegativity, https://github.com/doyensec/electronegativity) that
// runs offline. Its CLI cannot: it downloads translations and Electron's release list at start,
// and a retry inside `got` crashes the process after the request has failed. Here we:
//   - answer its `got` calls from the module cache with an immediate failure (no network at all),
//     so the translations fall back to the bundled en-US file;
//   - exclude the two checks that need the network or the app's version ranges: the security-fix
//     lookup (AvailableSecurityFixesGlobalCheck) and ElectronVersionJSONCheck, which exists to feed it
//     (Electron's version is pinned in package.json and updated by Renovate/npm, not by this scan);
//   - pass the Electron version so version-dependent defaults are judged for the one we ship.
// Usage: node scripts/security-scan.mjs [--fail-at=LOW|MEDIUM|HIGH] [paths...]  (default: main/app preload renderer)
// Fails (exit 1) when any finding is above the threshold: by default anything MEDIUM or above
// with confidence FIRM or CERTAIN. TENTATIVE and LOW/INFORMATIONAL findings are printed, not fatal.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const toolDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const toolRequire = createRequire(`${toolDir}/`);

const offline = () => Promise.reject(new Error('security-scan: network disabled'));
const gotPath = toolRequire.resolve('got');
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { default: offline }) };

const SEVERITY = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'];
const CONFIDENCE = ['TENTATIVE', 'FIRM', 'CERTAIN'];
const args = process.argv.slice(2);
const failAt = (args.find((arg) => arg.startsWith('--fail-at='))?.split('=')[1] ?? 'MEDIUM').toUpperCase();
const inputs = args.filter((arg) => !arg.startsWith('--'));
const targets = inputs.length > 0 ? inputs : ['main/app', 'preload', 'renderer'];
if (!SEVERITY.includes(failAt)) throw new Error(`--fail-at must be one of ${SEVERITY.join(', ')}`);

const electronVersion = require('electron/package.json').version;
const runModule = toolRequire('./dist/runner.js');
const run = runModule.default ?? runModule;

// One scan over all targets together: the global checks (CSP, navigation limits, permission
// handler) look across files, e.g. the renderer's CSP meta tag and main's will-navigate handler.
const workdir = mkdtempSync(join(tmpdir(), 'security-scan-'));
for (const target of targets) cpSync(resolve(root, target), join(workdir, target), { recursive: true });

let fatal = 0;
try {
  const result = await run(
    {
      input: workdir,
      customScan: [],
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck', 'ElectronVersionJSONCheck'],
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    },
    false,
  );
  const where = (file, location) => (file === 'N/A' ? '(whole app)' : `${relative(workdir, file)}:${location.line}:${location.column}`);
  for (const error of result.errors.filter((entry) => !entry.tolerable)) {
    console.log(`PARSE ERROR ${where(error.file, { line: 0, column: 0 })}: ${error.message}`);
    fatal++;
  }
  for (const issue of result.issues) {
    const severity = issue.severity.name;
    const confidence = issue.confidence.name;
    const blocking = SEVERITY.indexOf(severity) >= SEVERITY.indexOf(failAt) && CONFIDENCE.indexOf(confidence) >= CONFIDENCE.indexOf('FIRM');
    if (blocking) fatal++;
    console.log(`${blocking ? 'FAIL' : 'note'} ${issue.id} ${severity}/${confidence} ${where(issue.file, issue.location)}${issue.manualReview ? ' (review)' : ''}`);
  }
  console.log(`${targets.join(', ')}: ${result.atomicChecks} atomic and ${result.globalChecks} global checks, ${result.issues.length} findings`);
} finally {
  rmSync(workdir, { recursive: true, force: true });
}
console.log(fatal === 0 ? `security scan passed (threshold: ${failAt}+ with FIRM+ confidence)` : `security scan failed: ${fatal} blocking finding(s)`);
process.exit(fatal === 0 ? 0 : 1);
