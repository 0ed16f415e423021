import type { LambdaBundling } from './lambda-bundle';

/**
 * How the database provisioner is bundled: the AWS SDK comes with the Lambda runtime, and
 * `pg-native` (an optional binding `pg` never loads unless asked) is left out. The handler test
 * bundles with these.
 */
export const PROVISIONER_BUNDLING: LambdaBundling = {
  externalModules: ['@aws-sdk/*', 'pg-native'],
  minify: true,
  target: 'node24',
};
