import { aws_ssm as ssm } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../model/config';
import { type FoundationContract, buildContract } from '../model/contract';
import { contractParameterName } from '../model/naming';
import { PLATFORM_CATALOGUE } from '../../tiers/catalogue';

/**
 * Reads the Foundation's contract in a cluster stack.
 *
 * Every value is an `AWS::SSM::Parameter::Value<String>` template parameter, resolved by
 * CloudFormation at deploy time: no `Fn::ImportValue`, so the Foundation can change without
 * being blocked by live clusters. Capability flags come from the Foundation's config at synth
 * time, which is what lets synth refuse a tier the Foundation cannot serve. The secrets it reads
 * are those the Foundation creates for the apps of the tier catalogue.
 */
export function readFoundationContract(scope: Construct, config: EnvironmentConfig): FoundationContract {
  return buildContract(config, PLATFORM_CATALOGUE, (key) =>
    ssm.StringParameter.valueForStringParameter(scope, contractParameterName(config.name, key)),
  );
}
