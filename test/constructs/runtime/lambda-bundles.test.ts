import { join } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..');

/** Every Lambda handler this app bundles at synth. */
const HANDLERS = [
  'constructs/runtime/build-sweeper.handler.ts',
  'constructs/runtime/build-reaper.handler.ts',
  'constructs/runtime/database-provisioner/handler.ts',
];

describe('Lambda bundles', () => {
  test.each(HANDLERS)(
    '%s stays small: no aws-cdk-lib or constructs pulled in through a shared lib file',
    (entry) => {
      const result = buildSync({
        entryPoints: [join(ROOT, entry)],
        bundle: true,
        platform: 'node',
        target: 'node20',
        minify: true,
        write: false,
        metafile: true,
        external: ['@aws-sdk/*', 'pg-native'],
        logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.filter((i) => /node_modules\/(aws-cdk-lib|constructs|cdk8s)\//.test(i))).toEqual([]);
      expect(result.outputFiles[0].contents.length).toBeLessThan(500_000);
    },
  );
});
