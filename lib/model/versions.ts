import { UserInputError } from './errors';

/**
 * The versions manifest (DESIGN §10): every version this app deploys, exact, in one place.
 *
 * aws-cdk-lib, the aws-cdk CLI, cdk8s and the kubectl layer package are pinned in package.json
 * and moved together; `kubernetes` here must match the kubectl layer's minor
 * (`@aws-cdk/lambda-layer-kubectl-v35`). A test refuses ranges, `latest` and branch names.
 */
export const VERSIONS = {
  /**
   * The day these versions were last checked against their sources (ISO date). Moving it forward
   * is a deliberate act: the standard-support check below counts from it.
   */
  reviewed: '2026-12-02',
  /** EKS Kubernetes minor, in EKS standard support; matches the kubectl layer package. */
  kubernetes: '1.35',
  /**
   * When EKS standard support of `kubernetes` ends (released on EKS 2026-01-28, plus 14 months).
   * A test fails when it is less than {@link MIN_STANDARD_SUPPORT_DAYS} days after `reviewed`.
   *
   * @see https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
   */
  kubernetesStandardSupportEnds: '2027-03-27',
  /** RDS for PostgreSQL engine, exact minor (15.x as the platform ran, in RDS standard support). */
  postgres: '15.17',
  /** EKS managed add-ons (tier 0), exact builds for `kubernetes`. */
  eksAddons: {
    'vpc-cni': 'v1.21.1-eksbuild.3',
    coredns: 'v1.13.2-eksbuild.1',
    // The newest build the EKS user guide lists for 1.35 (managing-kube-proxy).
    'kube-proxy': 'v1.35.3-eksbuild.13',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
    'aws-ebs-csi-driver': 'v1.57.1-eksbuild.1',
  },
  /**
   * Helm charts of the tier catalogue, installed by ArgoCD: repository, chart name, exact version.
   * `raw` carries plain manifests (ClusterSecretStore, ClusterIssuers, hook Jobs) as chart values,
   * so no Git repository is needed.
   */
  charts: {
    /** ArgoCD itself, installed by the cluster stack (tier 1); chart 10.1.1 is ArgoCD v3.4.4. */
    argoCd: { repo: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '10.1.1' },
    raw: { repo: 'https://bedag.github.io/helm-charts/', chart: 'raw', version: '2.0.2' },
    externalSecrets: {
      repo: 'https://charts.external-secrets.io',
      chart: 'external-secrets',
      version: '2.9.0',
    },
    externalDns: {
      repo: 'https://kubernetes-sigs.github.io/external-dns/',
      chart: 'external-dns',
      version: '1.21.1',
    },
    awsLoadBalancerController: {
      repo: 'https://aws.github.io/eks-charts',
      chart: 'aws-load-balancer-controller',
      version: '3.5.0',
    },
    certManager: { repo: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1' },
    kong: { repo: 'https://charts.konghq.com', chart: 'kong', version: '3.4.1' },
    clusterAutoscaler: {
      repo: 'https://kubernetes.github.io/autoscaler',
      chart: 'cluster-autoscaler',
      version: '9.59.0',
    },
    metricsServer: {
      repo: 'https://kubernetes-sigs.github.io/metrics-server/',
      chart: 'metrics-server',
      version: '3.13.1',
    },
    kubePrometheusStack: {
      repo: 'https://prometheus-community.github.io/helm-charts',
      chart: 'kube-prometheus-stack',
      version: '88.5.3',
    },
    backstage: { repo: 'https://backstage.github.io/charts', chart: 'backstage', version: '2.8.2' },
    loki: { repo: 'https://grafana-community.github.io/helm-charts', chart: 'loki', version: '18.11.0' },
    grafana: {
      repo: 'https://grafana-community.github.io/helm-charts',
      chart: 'grafana',
      version: '12.11.1',
    },
    keycloakx: { repo: 'https://codecentric.github.io/helm-charts', chart: 'keycloakx', version: '7.1.11' },
  },
  /** Images the catalogue runs itself (hook Jobs), exact tags. */
  images: {
    /** kubectl (same minor as `kubernetes`), curl, jq and nc for the in-cluster preflight and acceptance Jobs. */
    clusterChecks: 'docker.io/alpine/k8s:1.35.4',
    /**
     * Applies the `goldenpath` realm to Keycloak (tier 3, oidc-config); each build targets one
     * Keycloak minor, which must be the one the keycloakx chart runs (26.5).
     */
    keycloakConfigCli: 'docker.io/adorsys/keycloak-config-cli:6.5.0-26.5.4',
  },
  /**
   * Tags of the project's own images, pulled from the environment's ECR repository of the same
   * name (`<account>.dkr.ecr.<region>.amazonaws.com/goldenpath/<env>/<name>`, config `ecrRepositories`).
   */
  platformImages: {
    /** The platform's Backstage app (tier 2). */
    backstage: '1.0.0',
  },
} as const;

/** How many days of EKS standard support the pinned Kubernetes version must have left at `reviewed`. */
export const MIN_STANDARD_SUPPORT_DAYS = 90;

/**
 * Whole days from `onDate` to the end of standard support `ends` (both ISO dates, `YYYY-MM-DD`);
 * negative once support has ended. Dates come from the caller: nothing here reads the clock.
 *
 * @throws UserInputError naming the value when a date is not an ISO date
 */
export function standardSupportDaysLeft(
  onDate: string,
  ends: string = VERSIONS.kubernetesStandardSupportEnds,
): number {
  const day = (value: string, name: string): number => {
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
    if (Number.isNaN(ms))
      throw new UserInputError('Invalid date', [
        `${name}: ${JSON.stringify(value)}; allowed: an ISO date (YYYY-MM-DD)`,
      ]);
    return ms / 86_400_000;
  };
  return Math.round(day(ends, 'end of standard support') - day(onDate, 'date'));
}
