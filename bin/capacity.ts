#!/usr/bin/env node
// npm run capacity: writes docs/capacity.md from config/environments.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAllEnvironmentConfigs } from '../lib/model/config';
import { UserInputError } from '../lib/model/errors';
import { readEnvironmentsFile } from './environments-file';
import { CAPACITY_TARGET_BUILDS, capacity, renderCapacity } from '../lib/ops/perf/capacity';

const ROOT = join(__dirname, '..');
try {
  const configs = loadAllEnvironmentConfigs(readEnvironmentsFile());
  writeFileSync(
    join(ROOT, 'docs', 'capacity.md'),
    renderCapacity(
      configs.map((c) => capacity(c)),
      CAPACITY_TARGET_BUILDS,
    ),
  );
  console.error('capacity: wrote docs/capacity.md');
} catch (err) {
  if (err instanceof UserInputError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
