import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EnvironmentConfig, loadEnvironmentConfig } from '../../../../lib/model/config';

// Apart from seed.ts, so that a test needing only the config does not load the platform
// catalogue and five AWS SDK clients with it.

export const RAW_CONFIG: unknown = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', '..', 'config', 'environments.json'), 'utf8'),
);

export function devConfig(): EnvironmentConfig {
  return loadEnvironmentConfig(RAW_CONFIG, 'dev');
}
