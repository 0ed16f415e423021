/**
 * The versions manifest (DESIGN §10): every version this app deploys, exact, in one place.
 *
 * aws-cdk-lib, the aws-cdk CLI, cdk8s and the kubectl layer package are pinned in package.json
 * and moved together; `kubernetes` here must match the kubectl layer's minor
 * (`@aws-cdk/lambda-layer-kubectl-v35`). A test refuses ranges, `latest` and branch names.
 */
export const VERSIONS = {
  /** EKS Kubernetes minor, in EKS standard support; matches the kubectl layer package. */
  kubernetes: '1.35',
  /** RDS for PostgreSQL engine, exact minor (15.x as the platform ran, in RDS standard support). */
  postgres: '15.17',
  /** RDS parameter group family of `postgres`. */
  postgresFamily: 'postgres15',
} as const;
