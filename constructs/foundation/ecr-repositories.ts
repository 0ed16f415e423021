import { RemovalPolicy, aws_ecr as ecr } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EcrRepositoryConfig, EnvironmentName, RiskTier } from '../../lib/model/config';
import { ecrRepositoryName } from '../../lib/model/naming';

/** What each risk tier means for a repository. */
export const ECR_RISK_POLICY: {
  readonly [T in RiskTier]: {
    readonly immutable: boolean;
    readonly kms: boolean;
    readonly keepImages: number;
  };
} = {
  low: { immutable: false, kms: false, keepImages: 20 },
  medium: { immutable: false, kms: false, keepImages: 30 },
  high: { immutable: true, kms: true, keepImages: 50 },
};

export interface EcrRepositoriesProps {
  /** The environment; repositories are named `goldenpath/<env>/<name>` (`ecrRepositoryName`). */
  readonly env: EnvironmentName;
  readonly repositories: readonly EcrRepositoryConfig[];
}

/** ECR repositories from config: scan on push, mutability, encryption and retention by risk tier. */
export class EcrRepositories extends Construct {
  public readonly repositories: { readonly [name: string]: ecr.Repository };

  constructor(scope: Construct, id: string, props: EcrRepositoriesProps) {
    super(scope, id);
    const repos: Record<string, ecr.Repository> = {};
    for (const r of props.repositories) {
      const policy = ECR_RISK_POLICY[r.riskTier];
      // The construct id is the repository name: ids are API, so renaming a repository replaces it.
      repos[r.name] = new ecr.Repository(this, r.name, {
        repositoryName: ecrRepositoryName(props.env, r.name),
        imageScanOnPush: true,
        imageTagMutability: policy.immutable ? ecr.TagMutability.IMMUTABLE : ecr.TagMutability.MUTABLE,
        encryption: policy.kms ? ecr.RepositoryEncryption.KMS : ecr.RepositoryEncryption.AES_256,
        lifecycleRules: [
          { description: `keep the newest ${policy.keepImages} images`, maxImageCount: policy.keepImages },
        ],
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }
    this.repositories = repos;
  }
}
