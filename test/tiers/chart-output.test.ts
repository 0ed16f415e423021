import type { KubeObject } from '../../lib/ops/charts/kube-object';
import { VERSIONS } from '../../lib/model/versions';
import { ADMIN_PORTS } from '../../tiers/guard';
import { BUILD_ID, type Obj } from './fixture';
import { describeWithCatalogueCharts, renderedApp, renderedCluster } from './rendered-charts';

const LIFECYCLES = ['persistent', 'ephemeral'] as const;
const ACCOUNT_REGISTRY = '111111111111.dkr.ecr.eu-west-2.amazonaws.com';

/** The fields of a container these tests read. */
interface Container {
  readonly name: string;
  readonly image: string;
  readonly env?: readonly { readonly name: string }[];
  readonly args?: readonly string[];
}

/** Every container (init containers too) of a workload object, with the object it is in. */
function containers(objects: readonly KubeObject[]): { where: string; container: Container }[] {
  return objects.flatMap((o) => {
    const spec = (o as Obj).spec as Obj | undefined;
    const pod = (o.kind === 'CronJob' ? spec?.jobTemplate?.spec?.template?.spec : spec?.template?.spec) as
      { initContainers?: Container[]; containers?: Container[] } | undefined;
    if (!pod) return [];
    return [...(pod.initContainers ?? []), ...(pod.containers ?? [])].map((container) => ({
      where: `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name} ${container.name}`,
      container,
    }));
  });
}

const everything = (lifecycle: (typeof LIFECYCLES)[number]) =>
  renderedCluster(lifecycle).flatMap((s) => s.objects);

describeWithCatalogueCharts('the values that matter, in what the charts render', () => {
  test.each(LIFECYCLES)('%s: no environment variable is set twice in one container', (lifecycle) => {
    const twice = containers(everything(lifecycle)).flatMap(({ where, container }) => {
      const names = (container.env ?? []).map((e) => e.name);
      return names.filter((n, i) => names.indexOf(n) !== i).map((n) => `${where}: ${n}`);
    });
    expect(twice).toEqual([]);
  });

  test.each(LIFECYCLES)(
    '%s: CRDs whose deletion deletes user data (certificates, synced secrets) are kept on uninstall',
    (lifecycle) => {
      const kept = everything(lifecycle)
        .filter((o) => o.kind === 'CustomResourceDefinition')
        .filter((o) => (o as Obj).metadata.annotations?.['helm.sh/resource-policy'] === 'keep')
        .map((o) => (o as Obj).spec.group as string);
      expect([...new Set(kept)].sort()).toEqual(
        expect.arrayContaining(['acme.cert-manager.io', 'cert-manager.io', 'external-secrets.io']),
      );
    },
  );

  test.each(LIFECYCLES)('%s: no admin API on a Service outside the cluster or on an Ingress', (lifecycle) => {
    const adminPort = (p: { name?: string; port?: number; number?: number }) =>
      /admin|manager/.test(p.name ?? '') ||
      (ADMIN_PORTS as readonly number[]).includes(Number(p.port ?? p.number));
    const exposed = everything(lifecycle).flatMap((o): string[] => {
      const spec = (o as Obj).spec as Obj;
      if (o.kind === 'Service' && spec.type !== undefined && spec.type !== 'ClusterIP') {
        return (spec.ports as Obj[])
          .filter(adminPort)
          .map((p) => `Service ${o.metadata!.name} port ${p.port}`);
      }
      if (o.kind !== 'Ingress') return [];
      return ((spec.rules ?? []) as Obj[]).flatMap((r) => [
        ...(/^[^.]*-(admin|manager)\./.test(String(r.host ?? ''))
          ? [`Ingress ${o.metadata!.name} host ${r.host}`]
          : []),
        ...((r.http?.paths ?? []) as Obj[])
          .filter((p) => adminPort((p.backend.service?.port ?? {}) as { name?: string; number?: number }))
          .map((p) => `Ingress ${o.metadata!.name} backend ${p.backend.service.name}`),
      ]);
    });
    expect(exposed).toEqual([]);
  });

  /** The ExternalSecrets of the `cluster-secret-store` app: [namespace, name, Secrets Manager key]. */
  const deliveredSecrets = () =>
    renderedApp('persistent', 'cluster-secret-store')
      .filter((o) => o.kind === 'ExternalSecret')
      .map((o) => {
        const spec = (o as Obj).spec as { dataFrom: { extract: { key: string } }[] };
        return [o.metadata?.namespace, o.metadata?.name, spec.dataFrom[0].extract.key];
      });

  test.each<[string, string, string, string[]]>([
    // A build's Grafana (tier 1.5): generated in the cluster, never from the Foundation's secrets.
    ['kube-prometheus-stack', 'kube-prometheus-stack-grafana', 'password', ['ExternalSecret', 'Password']],
    // Tier 2 (persistent clusters only): the Foundation's grafana/admin, copied by cluster-secret-store.
    ['grafana-postgresql', 'grafana-postgresql', 'admin-password', []],
  ])(
    '%s: Grafana admin password from the secret External Secrets writes, never the chart default',
    (app, deployment, key, ownObjects) => {
      const objects = renderedApp('persistent', app);
      const grafana = containers(
        objects.filter((o) => o.kind === 'Deployment' && o.metadata?.name === deployment),
      ).find(({ container }) => container.name === 'grafana')!.container as Container & { env: Obj[] };
      expect(grafana.env.find((e) => e.name === 'GF_SECURITY_ADMIN_PASSWORD')).toEqual({
        name: 'GF_SECURITY_ADMIN_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'grafana-admin', key } },
      });
      const kinds = objects.filter((o) => o.metadata?.name === 'grafana-admin').map((o) => o.kind);
      expect(kinds.sort()).toEqual(ownObjects);
      const chartSecrets = objects.filter(
        (o) => o.kind === 'Secret' && 'admin-password' in ((o as Obj).data ?? {}),
      );
      expect(chartSecrets.map((o) => o.metadata?.name)).toEqual([]);
    },
  );

  test('tier 2 Grafana’s admin password is the Foundation’s grafana/admin, copied into namespace grafana', () => {
    expect(deliveredSecrets()).toContainEqual(['grafana', 'grafana-admin', 'goldenpath/dev/grafana/admin']);
    expect(deliveredSecrets().filter(([ns]) => ns === 'monitoring')).toEqual([]);
    // A build reads none of the Foundation's secrets.
    const build = renderedCluster('ephemeral').flatMap((set) => set.objects);
    expect(
      build.filter((o) => o.kind === 'ExternalSecret' && JSON.stringify(o).includes('goldenpath/')),
    ).toEqual([]);
  });

  test('Backstage runs the project image from the environment ECR repository, at its pinned tag', () => {
    const deployment = renderedApp('persistent', 'backstage').filter((o) => o.kind === 'Deployment');
    const images = containers(deployment).map(({ container }) => container.image);
    expect(images).toEqual([
      `${ACCOUNT_REGISTRY}/goldenpath/dev/backstage:${VERSIONS.platformImages.backstage}`,
    ]);
  });

  test("cluster-autoscaler's minor version is the cluster's", () => {
    const [image] = containers(renderedApp('persistent', 'cluster-autoscaler')).map(
      ({ container }) => container.image,
    );
    expect(image).toMatch(
      new RegExp(
        `^registry\\.k8s\\.io/autoscaling/cluster-autoscaler:v${VERSIONS.kubernetes.replace('.', '\\.')}\\.\\d+$`,
      ),
    );
  });

  test('keycloak-config-cli is built for the Keycloak minor the keycloakx chart runs', () => {
    const [keycloak] = containers(renderedApp('persistent', 'keycloak')).map(
      ({ container }) => container.image,
    );
    const minor = (image: string) => /:(?:[\d.]+-)?(\d+\.\d+)\.\d+$/.exec(image)?.[1];
    expect(keycloak).toMatch(/^quay\.io\/keycloak\/keycloak:/);
    expect(minor(VERSIONS.images.keycloakConfigCli)).toBe(minor(keycloak));
  });

  test("the hook Jobs' kubectl is the cluster's minor", () => {
    expect(VERSIONS.images.clusterChecks).toMatch(
      new RegExp(`:${VERSIONS.kubernetes.replace('.', '\\.')}\\.\\d+$`),
    );
  });

  test('kube-prometheus-stack scrapes nothing EKS does not expose (control plane, kube-proxy on 127.0.0.1)', () => {
    const scraped = renderedApp('persistent', 'kube-prometheus-stack')
      .filter((o) => o.kind === 'ServiceMonitor')
      .map((o) => o.metadata!.name);
    expect(scraped).toEqual(
      expect.not.arrayContaining([expect.stringMatching(/kube-(proxy|etcd|scheduler|controller-manager)$/)]),
    );
    expect(scraped).toEqual(
      expect.arrayContaining(['kube-prometheus-stack-kubelet', 'kube-prometheus-stack-coredns']),
    );
  });
});

describeWithCatalogueCharts(
  "a build's ExternalDNS manages the Foundation zone, and only its own suffix",
  () => {
    const args = (lifecycle: (typeof LIFECYCLES)[number]) =>
      containers(renderedApp(lifecycle, 'external-dns')).flatMap(
        ({ container }) => container.args as string[],
      );
    const flag = (all: string[], name: string) =>
      all.filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));

    test.each<[(typeof LIFECYCLES)[number], string]>([
      ['ephemeral', `b-${BUILD_ID}.dev.goldenpathidp.io`],
      ['persistent', 'dev.goldenpathidp.io'],
    ])('%s: the aws provider keeps zone dev.goldenpathidp.io. for domain filter %s', (lifecycle, filter) => {
      const all = args(lifecycle);
      expect(flag(all, 'domain-filter')).toEqual([filter]);
      expect(flag(all, 'zone-id-filter')).toEqual(['Z0123456789ABCDEFGHIJ']);
      const zones = [
        { id: '/hostedzone/Z0123456789ABCDEFGHIJ', name: 'dev.goldenpathidp.io.' },
        { id: '/hostedzone/ZPROD', name: 'prod.goldenpathidp.io.' },
        { id: '/hostedzone/ZBASE', name: 'goldenpathidp.io.' },
        { id: '/hostedzone/ZOTHER', name: 'b-pr-9.dev.goldenpathidp.io.' },
      ];
      const kept = zones.filter((z) =>
        awsProviderKeepsZone(z, {
          domainFilters: flag(all, 'domain-filter'),
          zoneIdFilters: flag(all, 'zone-id-filter'),
          matchParent: all.includes('--aws-zone-match-parent'),
        }),
      );
      expect(kept.map((z) => z.name)).toEqual(['dev.goldenpathidp.io.']);
    });

    test('without --aws-zone-match-parent a build would keep no zone at all (the rule is honest)', () => {
      const zone = { id: '/hostedzone/Z1', name: 'dev.goldenpathidp.io.' };
      const filters = { domainFilters: [`b-${BUILD_ID}.dev.goldenpathidp.io`], zoneIdFilters: ['Z1'] };
      expect(awsProviderKeepsZone(zone, { ...filters, matchParent: false })).toBe(false);
      expect(awsProviderKeepsZone(zone, { ...filters, matchParent: true })).toBe(true);
      expect(awsProviderKeepsZone(zone, { ...filters, zoneIdFilters: ['Z2'], matchParent: true })).toBe(
        false,
      );
    });
  },
);

/**
 * external-dns's zone selection in the aws provider (`AWSProvider.zones`): a zone is kept when the
 * zone-id filter matches its id (suffix match), and the domain filter matches its name or, with
 * `--aws-zone-match-parent`, the zone is a parent of a filter. `DomainFilter.Match` and
 * `MatchParent` as in `endpoint/domain_filter.go`.
 *
 * @see https://github.com/kubernetes-sigs/external-dns/blob/master/endpoint/domain_filter.go
 * @see https://github.com/kubernetes-sigs/external-dns/blob/master/provider/aws/aws.go
 */
function awsProviderKeepsZone(
  zone: { readonly id: string; readonly name: string },
  flags: {
    readonly domainFilters: readonly string[];
    readonly zoneIdFilters: readonly string[];
    readonly matchParent: boolean;
  },
): boolean {
  const { domainFilters: filters, zoneIdFilters, matchParent } = flags;
  if (zoneIdFilters.length > 0 && !zoneIdFilters.some((id) => id !== '' && zone.id.endsWith(id)))
    return false;
  const domain = zone.name.replace(/\.$/, '').toLowerCase();
  const match = filters.some((filter) => {
    if (filter === '') return false;
    if (filter.startsWith('.')) return domain.endsWith(filter);
    if (domain.split('.').length === filter.split('.').length) return domain === filter;
    return domain.endsWith(`.${filter}`);
  });
  if (match || filters.length === 0) return true;
  if (!matchParent) return false;
  return filters.some((filter) => filter !== '' && !filter.startsWith('.') && filter.endsWith(`.${domain}`));
}
