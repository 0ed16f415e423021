import type { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { AppName } from '../lib/model/catalogue';
import type { AppChartProps } from './context';
import { AwsLoadBalancerControllerChart } from './tier1/aws-load-balancer-controller';
import { CertManagerChart } from './tier1/cert-manager';
import { ClusterAutoscalerChart } from './tier1/cluster-autoscaler';
import { ClusterIssuersChart } from './tier1/cluster-issuers';
import { ClusterSecretStoreChart } from './tier1/cluster-secret-store';
import { ExternalDnsChart } from './tier1/external-dns';
import { ExternalSecretsChart } from './tier1/external-secrets';
import { KongChart } from './tier1/kong';
import { MetricsServerChart } from './tier1/metrics-server';
import { KubePrometheusStackChart } from './tier1-5/kube-prometheus-stack';
import { BackstageChart } from './tier2/backstage';
import { GrafanaPostgresqlChart } from './tier2/grafana-postgresql';
import { LokiChart } from './tier2/loki';
import { KeycloakChart } from './tier3/keycloak';
import { OidcConfigChart } from './tier3/oidc-config';

export type AppChartClass = new (scope: Construct, id: string, props: AppChartProps) => Chart;

/** The chart of every catalogue app; the type makes a catalogue entry without a chart a compile error. */
export const APP_CHARTS: { readonly [N in AppName]: AppChartClass } = {
  'external-secrets': ExternalSecretsChart,
  'cluster-secret-store': ClusterSecretStoreChart,
  'external-dns': ExternalDnsChart,
  'aws-load-balancer-controller': AwsLoadBalancerControllerChart,
  'cert-manager': CertManagerChart,
  'cluster-issuers': ClusterIssuersChart,
  kong: KongChart,
  'cluster-autoscaler': ClusterAutoscalerChart,
  'metrics-server': MetricsServerChart,
  'kube-prometheus-stack': KubePrometheusStackChart,
  backstage: BackstageChart,
  loki: LokiChart,
  'grafana-postgresql': GrafanaPostgresqlChart,
  keycloak: KeycloakChart,
  'oidc-config': OidcConfigChart,
};
