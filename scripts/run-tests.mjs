// `npm test`: unit and integration tests (vitest), then the browser end-to-end tests (Playwright
// against the built renderer). Ends with one plain summary line over both runners, so CI and a
// person read the same count.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const VITEST_REPORT = '.vitest-report.json';
const PLAYWRIGHT_REPORT = '.playwright-report.json';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false });
  return result.status ?? 1;
}

function readJson(path) {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function vitestCounts(report) {
  if (!report) return { passed: 0, failed: 1, skipped: 0 };
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + (report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? 1 : 0),
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function playwrightCounts(report) {
  if (!report) return { passed: 0, failed: 1, skipped: 0 };
  const s = report.stats;
  return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
}

rmSync(VITEST_REPORT, { force: true });
rmSync(PLAYWRIGHT_REPORT, { force: true });

const buildStatus = run('npx', ['electron-vite', 'build', '--logLevel', 'warn']);
if (buildStatus !== 0) {
  console.log('build failed: 0 passed, 1 failed');
  process.exit(1);
}
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${VITEST_REPORT}`]);
const playwrightStatus = run('npx', ['playwright', 'test']);

const v = vitestCounts(readJson(VITEST_REPORT));
const p = playwrightCounts(readJson(PLAYWRIGHT_REPORT));
const passed = v.passed + p.passed;
const failed = v.failed + p.failed;
const skipped = v.skipped + p.skipped;
console.log(`\nvitest: ${v.passed} passed, ${v.failed} failed, ${v.skipped} skipped`);
console.log(`playwright: ${p.passed} passed, ${p.failed} failed, ${p.skipped} skipped`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(vitestStatus === 0 && playwrightStatus === 0 && failed === 0 ? 0 : 1);
