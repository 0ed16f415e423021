// @ts-check
import tseslint from 'typescript-eslint';
import jest from 'eslint-plugin-jest';

const SYNTH_PURITY =
  'Synth is pure: no file, process, network or AWS SDK access on the synth path (do it in bin/ or lib/ops/).';
const SYNTH_IMPURE_MODULES = ['fs', 'fs/promises', 'child_process', 'http', 'https', 'net'].flatMap((m) => [
  m,
  `node:${m}`,
]);

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'cdk.out/**', 'cdk.out.*/**', 'dist/**', 'coverage/**', 'test/fixtures/**'],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-expressions': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  { files: ['bin/**/*.ts', '.ci/**/*.mjs'], rules: { 'no-console': 'off' } },
  {
    // Synth is pure (no files, processes, network or AWS calls): the layers on the synth path may
    // not import what does I/O. Entry points (bin/), the ops tooling (lib/ops/) and the Lambda
    // handlers (constructs/runtime/) may.
    files: ['lib/model/**/*.ts', 'lib/stacks/**/*.ts', 'constructs/**/*.ts', 'tiers/**/*.ts'],
    ignores: ['constructs/runtime/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: SYNTH_IMPURE_MODULES.map((name) => ({ name, message: SYNTH_PURITY })),
          patterns: [{ group: ['@aws-sdk/*'], message: SYNTH_PURITY }],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/expect-expect': [
        'error',
        {
          assertFunctionNames: ['expect', 'expect*', 'Template.**', '*.has*', '*.resourceCountIs', 'assert*'],
        },
      ],
      'jest/no-disabled-tests': 'error',
      'jest/no-focused-tests': 'error',
      'jest/valid-expect': 'error',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
);
