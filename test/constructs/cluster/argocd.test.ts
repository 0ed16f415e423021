import { App, Stack, aws_ec2 as ec2, aws_eks_v2 as eks } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { APPLICATION_HEALTH_LUA, ArgoCd, argoCdValues } from '../../../constructs/cluster/argocd';

function cluster(stack: Stack): eks.ICluster {
  return eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
    clusterName: 'c',
    vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['eu-west-2a'] }),
    kubectlProvider: eks.KubectlProvider.fromKubectlProviderAttributes(stack, 'Kubectl', {
      serviceToken: 'arn:aws:lambda:eu-west-2:111111111111:function:kubectl',
    }),
  });
}

describe('argoCdValues', () => {
  test('server behind kong at argocd.<suffix> over TLS only, Application health on, webhook CA bundles ignored', () => {
    expect(argoCdValues('b-1.dev.goldenpathidp.io', 'letsencrypt-staging')).toEqual({
      global: { domain: 'argocd.b-1.dev.goldenpathidp.io' },
      configs: {
        params: { 'server.insecure': true },
        cm: {
          'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA,
          'resource.customizations.ignoreDifferences.admissionregistration.k8s.io_MutatingWebhookConfiguration':
            "jqPathExpressions:\n- '.webhooks[]?.clientConfig.caBundle'\n",
          'resource.customizations.ignoreDifferences.admissionregistration.k8s.io_ValidatingWebhookConfiguration':
            "jqPathExpressions:\n- '.webhooks[]?.clientConfig.caBundle'\n",
        },
      },
      server: {
        ingress: {
          enabled: true,
          ingressClassName: 'kong',
          hostname: 'argocd.b-1.dev.goldenpathidp.io',
          tls: true,
          annotations: {
            'cert-manager.io/cluster-issuer': 'letsencrypt-staging',
            'konghq.com/protocols': 'https',
            'konghq.com/https-redirect-status-code': '308',
          },
        },
      },
      dex: { enabled: false },
    });
  });
});

describe('ArgoCd', () => {
  test('one chart, one manifest after it, and the caller objects left untouched', () => {
    const stack = new Stack(new App(), 'S');
    const app = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'kong', labels: { a: 'b' } },
    };
    new ArgoCd(stack, 'ArgoCd', { cluster: cluster(stack), hostSuffix: 'dev.x.io', objects: [app] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('Custom::AWSCDK-EKS-HelmChart', 1);
    t.resourceCountIs('Custom::AWSCDK-EKS-KubernetesResource', 1);
    t.hasResource('Custom::AWSCDK-EKS-KubernetesResource', { DependsOn: ['ArgoCdChart82E8D8E1'] });
    expect(app.metadata.labels).toEqual({ a: 'b' });
  });
});

describe('ArgoCd sso', () => {
  test('sso adds the realm’s OIDC config and group RBAC to the chart values; without it, none', () => {
    const values = (sso?: boolean) => {
      const stack = new Stack(new App(), 'S');
      new ArgoCd(stack, 'ArgoCd', { cluster: cluster(stack), hostSuffix: 'dev.x.io', objects: [], sso });
      return JSON.stringify(Template.fromStack(stack).findResources('Custom::AWSCDK-EKS-HelmChart'));
    };
    expect(values(true)).toContain('issuer: https://keycloak.dev.x.io/realms/goldenpath');
    expect(values(true)).toContain('g, platform-viewers, role:readonly');
    expect(values()).not.toMatch(/oidc|keycloak|policy\.csv/i);
  });
});
