// ArgoCD as the cluster stack installs it, then the one manifest with the bootstrap values.
import { BOOTSTRAP_CONFIGMAP } from '../../../../tiers/tier0/bootstrap-config-map';
import { VERSIONS } from '../../../../lib/model/versions';
import { resources, template } from './fixture';

describe.each(['dev', 'prod'] as const)('cluster stacks of %s', (env) => {
  test.each([
    ['persistent', `${env}.goldenpathidp.io`, '3', '', `goldenpath-${env}`],
    ['ephemeral', `b-pr-123.${env}.goldenpathidp.io`, '1.5', 'pr-123', `goldenpath-${env}-pr-123`],
  ] as const)(
    '%s: ArgoCD at argocd.%s, then one manifest with the bootstrap values',
    (lifecycle, suffix, maxTier, buildId, owner) => {
      const t = template(lifecycle, env);
      t.hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', {
        Chart: 'argo-cd',
        Repository: VERSIONS.charts.argoCd.repo,
        Version: VERSIONS.charts.argoCd.version,
        Namespace: 'argocd',
        Wait: true,
        Timeout: '600s',
      });
      const values = JSON.parse(
        resources(t, 'Custom::AWSCDK-EKS-HelmChart')[0][1].Properties.Values as string,
      ) as {
        global: { domain: string };
        server: { ingress: unknown };
        configs: { cm: Record<string, string> };
      };
      expect(values.global.domain).toBe(`argocd.${suffix}`);
      // TLS only; a build's certificate comes from Let's Encrypt staging (no production rate limit).
      expect(values.server.ingress).toEqual({
        enabled: true,
        ingressClassName: 'kong',
        hostname: `argocd.${suffix}`,
        tls: true,
        annotations: {
          'cert-manager.io/cluster-issuer':
            lifecycle === 'ephemeral' ? 'letsencrypt-staging' : 'letsencrypt-prod',
          'konghq.com/protocols': 'https',
          'konghq.com/https-redirect-status-code': '308',
        },
      });
      expect(values.configs.cm['resource.customizations.health.argoproj.io_Application']).toContain(
        'hs.status = obj.status.health.status',
      );
      expect(
        Object.keys(values.configs.cm)
          .filter((k) => k.includes('ignoreDifferences'))
          .sort(),
      ).toEqual([
        'resource.customizations.ignoreDifferences.admissionregistration.k8s.io_MutatingWebhookConfiguration',
        'resource.customizations.ignoreDifferences.admissionregistration.k8s.io_ValidatingWebhookConfiguration',
      ]);

      const [id, manifest] = resources(t, 'Custom::AWSCDK-EKS-KubernetesResource')[0];
      expect(manifest.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ArgoCdChart/)]));
      const text = JSON.stringify(manifest.Properties.Manifest);
      expect(id).toMatch(/^ArgoCdBootstrap/);
      for (const fragment of [
        '\\"kind\\":\\"StorageClass\\",\\"metadata\\":{\\"name\\":\\"gp3\\",\\"annotations\\":{\\"storageclass.kubernetes.io/is-default-class\\":\\"true\\"}',
        `\\"name\\":\\"${BOOTSTRAP_CONFIGMAP}\\",\\"namespace\\":\\"argocd\\"`,
        `\\"mode\\":\\"${lifecycle}\\",\\"maxTier\\":\\"${maxTier}\\",\\"env\\":\\"${env}\\",\\"buildId\\":\\"${buildId}\\",\\"hostSuffix\\":\\"${suffix}\\",\\"dnsOwnerId\\":\\"${owner}\\"`,
        '\\"capability.database\\":\\"true\\"',
      ]) {
        expect(text).toContain(fragment);
      }
    },
  );
});
