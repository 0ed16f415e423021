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
  /** EKS managed add-ons (tier 0), exact builds for `kubernetes`. */
  eksAddons: {
    'vpc-cni': 'v1.21.1-eksbuild.3',
    coredns: 'v1.13.2-eksbuild.1',
    'kube-proxy': 'v1.35.0-eksbuild.2',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
    'aws-ebs-csi-driver': 'v1.57.1-eksbuild.1',
  },
  /**
   * Helm charts of the tier catalogue, installed by ArgoCD: repository, chart name, exact version.
   * `raw` carries plain manifests (ClusterSecretStore, ClusterIssuers, hook Jobs) as chart values,
   * so no Git repository is needed.
   */
  charts: {
    /** ArgoCD itself, installed by the cluster stack (tier 1); chart 9.5.22 is ArgoCD v3.4.4. */
    argoCd: { repo: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '9.5.22' },
    raw: { repo: 'https://bedag.github.io/helm-charts/', chart: 'raw', version: '1.1.0' },
    externalSecrets: {
      repo: 'https://charts.external-secrets.io',
      chart: 'external-secrets',
      version: '0.16.0',
    },
    externalDns: {
      repo: 'https://kubernetes-sigs.github.io/external-dns/',
      chart: 'external-dns',
      version: '1.17.0',
    },
    awsLoadBalancerController: {
      repo: 'https://aws.github.io/eks-charts',
      chart: 'aws-load-balancer-controller',
      version: '1.13.0',
    },
    certManager: { repo: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.18.2' },
    kong: { repo: 'https://charts.konghq.com', chart: 'kong', version: '2.48.0' },
    clusterAutoscaler: {
      repo: 'https://kubernetes.github.io/autoscaler',
      chart: 'cluster-autoscaler',
      version: '9.43.0',
    },
    metricsServer: {
      repo: 'https://kubernetes-sigs.github.io/metrics-server/',
      chart: 'metrics-server',
      version: '3.12.2',
    },
    kubePrometheusStack: {
      repo: 'https://prometheus-community.github.io/helm-charts',
      chart: 'kube-prometheus-stack',
      version: '81.6.9',
    },
    backstage: { repo: 'https://backstage.github.io/charts', chart: 'backstage', version: '2.6.0' },
    loki: { repo: 'https://grafana.github.io/helm-charts', chart: 'loki', version: '6.24.0' },
    grafana: { repo: 'https://grafana.github.io/helm-charts', chart: 'grafana', version: '8.8.2' },
    keycloakx: { repo: 'https://codecentric.github.io/helm-charts', chart: 'keycloakx', version: '7.0.1' },
  },
  /** Images the catalogue runs itself (hook Jobs), exact tags. */
  images: {
    /** kubectl, curl, jq and nc for the in-cluster preflight and acceptance Jobs. */
    clusterChecks: 'docker.io/alpine/k8s:1.33.3',
    /** Applies the `goldenpath` realm to Keycloak (tier 3, oidc-config). */
    keycloakConfigCli: 'docker.io/adorsys/keycloak-config-cli:6.4.0-26.1.0',
  },
} as const;
