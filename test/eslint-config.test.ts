import { type LintMessage, lintAs } from './support/lint';

// Synth is pure (DESIGN, STYLE): on the synth path, lint refuses what does file, process, network
// or AWS SDK I/O, however it is reached. Entry points, the ops tooling and the Lambda handlers may.
const IMPURE = [
  "import { readFileSync } from 'node:fs';",
  "import * as fs from 'fs';",
  "import { execSync } from 'node:child_process';",
  "import { S3Client } from '@aws-sdk/client-s3';",
  "import { get } from 'node:https';",
  "import { lookup } from 'node:dns';",
  "export const later = import('node:fs');",
  'export const home = process.env.HOME;',
  'export const args = process.argv;',
].join('\n');
const SYNTH_PATH = [
  'lib/model/x.ts',
  'lib/stacks/x.ts',
  'constructs/cluster/x.ts',
  'constructs/foundation/x.ts',
  'tiers/x.ts',
  'tiers/tier2/x.ts',
];
const MAY_DO_IO = ['bin/x.ts', 'lib/ops/x.ts', 'constructs/runtime/x.ts'];

describe('lint: synth is pure', () => {
  let results: Map<string, LintMessage[]>;
  beforeAll(() => {
    const paths = [...SYNTH_PATH, ...MAY_DO_IO];
    const messages = lintAs(
      ['no-restricted-imports', 'no-restricted-syntax'],
      paths.map((path) => [path, IMPURE] as const),
    );
    results = new Map(paths.map((path, i) => [path, messages[i]]));
  });

  test.each(SYNTH_PATH)('%s: every import, dynamic import and environment read is reported', (path) => {
    expect(results.get(path)!.map((m) => [m.line, m.ruleId])).toEqual([
      [1, 'no-restricted-imports'],
      [2, 'no-restricted-imports'],
      [3, 'no-restricted-imports'],
      [4, 'no-restricted-imports'],
      [5, 'no-restricted-imports'],
      [6, 'no-restricted-imports'],
      [7, 'no-restricted-syntax'],
      [8, 'no-restricted-syntax'],
      [9, 'no-restricted-syntax'],
    ]);
    expect(results.get(path)!.every((m) => m.message.includes('Synth is pure'))).toBe(true);
  });

  test.each(MAY_DO_IO)('%s may do I/O', (path) => {
    expect(results.get(path)).toEqual([]);
  });
});
