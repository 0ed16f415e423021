import { readFileSync } from 'node:fs';
import { App, Stack, aws_iam as iam, aws_s3_assets as assets } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { BuildStackSynthesizer, applyBuildBoundary } from '../../../lib/stacks/build-identity';
import { envConfig } from '../../util';

const BOUNDARY = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':iam::',
      { Ref: 'AWS::AccountId' },
      ':policy/goldenpath-dev-build-boundary',
    ],
  ],
};

describe('BuildStackSynthesizer', () => {
  const app = new App();
  const stack = new Stack(app, 'Build', { synthesizer: new BuildStackSynthesizer() });
  new assets.Asset(stack, 'Code', { path: __filename });
  const assembly = app.synth();
  const artifact = assembly.getStackArtifact(stack.artifactId);

  test('CloudFormation runs the changes as the build bootstrap’s execution role', () => {
    expect(artifact.cloudFormationExecutionRoleArn).toBe(BuildStackSynthesizer.EXECUTION_ROLE_ARN);
    expect(BuildStackSynthesizer.EXECUTION_ROLE_ARN).toBe(
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-gpbuild-cfn-exec-role-${AWS::AccountId}-${AWS::Region}',
    );
  });

  test('the CLI deploys with its own credentials: no deploy role to assume', () => {
    expect(artifact.assumeRoleArn).toBeUndefined();
  });

  test('assets go to the build bootstrap’s bucket, never the environment’s own', () => {
    const manifests = assembly.artifacts.filter((a) => a instanceof cxapi.AssetManifestArtifact);
    const manifest = manifests.map((a) => readFileSync(a.file, 'utf8')).join('\n');
    const buckets = [...manifest.matchAll(/cdk-(\w+)-assets-/g)].map((m) => m[1]);
    expect(buckets.length).toBeGreaterThan(0);
    expect([...new Set(buckets)]).toEqual(['gpbuild']);
  });
});

describe('applyBuildBoundary', () => {
  test('every role of the stack carries the build boundary, those added after it included', () => {
    const stack = new Stack(new App(), 'Build');
    new iam.Role(stack, 'Before', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    applyBuildBoundary(stack, envConfig('dev'));
    new iam.Role(stack, 'After', { assumedBy: new iam.ServicePrincipal('eks.amazonaws.com') });
    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
    expect(Object.values(roles).map((r) => (r as { Properties: object }).Properties)).toEqual([
      expect.objectContaining({ PermissionsBoundary: BOUNDARY }),
      expect.objectContaining({ PermissionsBoundary: BOUNDARY }),
    ]);
  });

  test('the boundary is the environment’s', () => {
    const stack = new Stack(new App(), 'Build');
    new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    applyBuildBoundary(stack, envConfig('test'));
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).toContain(
      ':policy/goldenpath-test-build-boundary',
    );
  });
});
