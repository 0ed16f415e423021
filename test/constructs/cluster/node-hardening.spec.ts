import { Match } from 'aws-cdk-lib/assertions';
import type { EnvironmentName } from '../../../lib/model/config';
import { WORKLOAD_SERVICE_ACCOUNTS } from '../../../constructs/cluster/workload-identities';
import { envConfig, rawConfig, sharedTestApp, templateOf } from '../../util';
import { describeWithCatalogueCharts, renderedCluster } from '../../tiers/rendered-charts';
import type { KubeObject } from '../../../lib/ops/charts/kube-object';

interface LaunchTemplateProps {
  readonly LaunchTemplateData: { readonly MetadataOptions: unknown };
}

const ENVIRONMENTS = Object.keys(rawConfig().environments) as EnvironmentName[];

/** Every cluster stack of every committed environment: the persistent one, and a build where allowed. */
const CLUSTERS = ENVIRONMENTS.flatMap((env) => [
  { env, buildId: undefined },
  ...(envConfig(env).allowBuilds ? [{ env, buildId: 'pr-1' }] : []),
]);

describe('node hardening', () => {
  test.each(CLUSTERS)(
    '$env (build $buildId): nodes require IMDSv2 and answer one hop only, so no pod takes the node role',
    ({ env, buildId }) => {
      const result = sharedTestApp({ env, buildId });
      const t = templateOf(buildId === undefined ? result.persistent : result.ephemeral!);
      const templates = t.findResources('AWS::EC2::LaunchTemplate');
      expect(
        Object.values(templates).map(
          (r) => (r.Properties as LaunchTemplateProps).LaunchTemplateData.MetadataOptions,
        ),
      ).toEqual([{ HttpTokens: 'required', HttpPutResponseHopLimit: 1 }]);
      // The one node group launches from that template.
      t.resourceCountIs('AWS::EKS::Nodegroup', 1);
      t.hasResourceProperties('AWS::EKS::Nodegroup', {
        LaunchTemplate: { Id: { Ref: Object.keys(templates)[0] }, Version: Match.anyValue() },
      });
    },
  );
});

/** The pod templates of a rendered object (Deployments, DaemonSets, StatefulSets, Jobs, Pods). */
function podSpecs(o: KubeObject): { hostNetwork?: boolean; serviceAccountName?: string }[] {
  const spec = o.spec as Record<string, unknown> | undefined;
  if (o.kind === 'Pod') return [spec ?? {}];
  const template = (spec?.template ??
    (spec?.jobTemplate as Record<string, Record<string, unknown>>)?.spec?.template) as
    { spec?: Record<string, unknown> } | undefined;
  return template?.spec ? [template.spec] : [];
}

describeWithCatalogueCharts('what still reaches the instance metadata service', () => {
  // With one hop, only a pod on the host network reaches IMDS, and with it the node role. The
  // EKS add-ons that run there by design (vpc-cni, kube-proxy, the Pod Identity agent) are not
  // charts; of what ArgoCD deploys (the persistent cluster runs every app a build can), only
  // node-exporter may: its network metrics are the host's only from the host's network.
  test('the host-network pods are exactly the listed ones', () => {
    const onHost = renderedCluster('persistent').flatMap((set) =>
      set.objects
        .filter((o) => podSpecs(o).some((s) => s.hostNetwork === true))
        .map((o) => `${set.source}: ${o.kind} ${o.metadata?.name ?? ''}`),
    );
    expect(onHost.sort()).toEqual([
      'kube-prometheus-stack: DaemonSet kube-prometheus-stack-prometheus-node-exporter',
    ]);
  });

  test('every charted controller that calls AWS runs as the service account its Pod Identity role trusts', () => {
    const accounts = new Set(
      renderedCluster('persistent').flatMap((set) =>
        set.objects.flatMap((o) =>
          podSpecs(o).map((s) => `${o.metadata?.namespace ?? ''}/${s.serviceAccountName ?? ''}`),
        ),
      ),
    );
    // The EBS CSI controller is the EKS add-on's, which runs as ebs-csi-controller-sa.
    const charted = Object.entries(WORKLOAD_SERVICE_ACCOUNTS).filter(([name]) => name !== 'ebsCsi');
    expect(
      charted.map(([, a]) => `${a.namespace}/${a.serviceAccount}`).filter((a) => !accounts.has(a)),
    ).toEqual([]);
  });
});
