import { aws_ssm as ssm } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { type FoundationContract, flattenContract } from '../../lib/model/contract';
import { contractParameterName } from '../../lib/model/naming';

export interface ContractParametersProps {
  readonly contract: FoundationContract;
}

/**
 * Publishes the Foundation contract as SSM String parameters under
 * `/goldenpath/<env>/foundation/v1/<key>`: the only way the cluster plane learns about the
 * Foundation (no CloudFormation exports).
 */
export class ContractParameters extends Construct {
  public readonly parameters: { readonly [key: string]: ssm.StringParameter };

  constructor(scope: Construct, id: string, props: ContractParametersProps) {
    super(scope, id);
    const params: Record<string, ssm.StringParameter> = {};
    for (const [key, value] of Object.entries(flattenContract(props.contract))) {
      params[key] = new ssm.StringParameter(this, key.replace(/\//g, '-'), {
        parameterName: contractParameterName(props.contract.env, key),
        stringValue: value,
        description: `goldenpath Foundation contract ${key}`,
      });
    }
    this.parameters = params;
  }
}
