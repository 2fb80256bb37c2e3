// Lint rules that hold the architecture in place, not just style.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noElectron = {
  paths: [{ name: 'electron', message: "Only main/app/ and preload/index.ts may import 'electron'." }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', noElectron],
    },
  },
  {
    // The Electron side: electron is allowed, but ipcMain only in the one IPC wrapper.
    files: ['main/app/**/*.ts'],
    ignores: ['main/app/ipc.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Use the IPC wrapper in main/app/ipc.ts: it checks the sender and the payload.',
            },
          ],
        },
      ],
    },
  },
  { files: ['main/app/ipc.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    // The preload bridge: only index.ts touches electron, and only it may use ipcRenderer.
    files: ['preload/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectron.paths,
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in a sandboxed page: no Node modules.' },
            { group: ['**/main/**', '../main/*', '../../main/*'], message: 'The renderer talks to main only through preload/api.ts.' },
            { group: ['**/preload/index*'], message: 'Import the contract from preload/api.ts, not the bridge.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.{ts,tsx}', 'scripts/**/*.{ts,mjs,js}'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
