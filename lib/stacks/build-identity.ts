import {
  CliCredentialsStackSynthesizer,
  type ISynthesisSession,
  type Stack,
  type SynthesizeStackArtifactOptions,
  aws_iam as iam,
} from 'aws-cdk-lib';
import type { EnvironmentConfig } from '../model/config';
import { BUILD_BOOTSTRAP_QUALIFIER, buildBoundaryPolicyName } from '../model/ci-identities';

/**
 * How a build's stack is deployed: with the CLI's own credentials (the CI build role, which may
 * change only `goldenpath-<env>-b-*` stacks) and the build bootstrap's execution role, whose only
 * policy is the build boundary.
 */
export class BuildStackSynthesizer extends CliCredentialsStackSynthesizer {
  /** The role CloudFormation runs a build's changes as (placeholders filled in by the CLI). */
  public static readonly EXECUTION_ROLE_ARN = `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/cdk-${BUILD_BOOTSTRAP_QUALIFIER}-cfn-exec-role-\${AWS::AccountId}-\${AWS::Region}`;

  constructor() {
    super({ qualifier: BUILD_BOOTSTRAP_QUALIFIER });
  }

  protected override emitArtifact(
    session: ISynthesisSession,
    options: SynthesizeStackArtifactOptions = {},
  ): void {
    super.emitArtifact(session, {
      ...options,
      cloudFormationExecutionRoleArn: BuildStackSynthesizer.EXECUTION_ROLE_ARN,
    });
  }
}

/** Every role of a build carries the build boundary (the Foundation's `BuildBoundary`). */
export function applyBuildBoundary(stack: Stack, config: EnvironmentConfig): void {
  iam.PermissionsBoundary.of(stack).apply(
    iam.ManagedPolicy.fromManagedPolicyName(stack, 'BuildBoundary', buildBoundaryPolicyName(config.name)),
  );
}
