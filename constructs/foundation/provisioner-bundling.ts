import type { aws_lambda_nodejs as lambdaNode } from 'aws-cdk-lib';

/**
 * How the database provisioner is bundled: the AWS SDK comes with the Lambda runtime, and
 * `pg-native` (an optional binding `pg` never loads unless asked) is left out. The handler test
 * bundles with these.
 */
export const PROVISIONER_BUNDLING: lambdaNode.BundlingOptions = {
  externalModules: ['@aws-sdk/*', 'pg-native'],
  minify: true,
  sourceMap: false,
  target: 'node24',
};
