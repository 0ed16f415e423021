// The teardown order of a build's cluster stack (DESIGN §9).
import { template } from './fixture';

describe('teardown order (DESIGN §9)', () => {
  test('Ephemeral: the sweeper is created after the cluster and the Applications after the sweeper, so deletes run Applications, sweeper, cluster', () => {
    const t = template('ephemeral').toJSON() as {
      Resources: Record<string, { Type: string; DependsOn?: string[]; Properties?: Record<string, unknown> }>;
    };
    const id = (type: string) => Object.keys(t.Resources).find((k) => t.Resources[k].Type === type)!;
    const sweeper = id('Custom::BuildSweeper');
    const cluster = Object.keys(t.Resources).find((k) => /^PlatformCluster[0-9A-F]{8}$/.test(k))!;
    const bootstrap = Object.keys(t.Resources).find((k) => k.startsWith('ArgoCdBootstrap'))!;
    expect({
      sweeperAfterCluster: t.Resources[sweeper].DependsOn?.includes(cluster),
      applicationsAfterSweeper: t.Resources[bootstrap].DependsOn?.includes(sweeper),
      suffix: t.Resources[sweeper].Properties?.HostSuffix,
      clusterName: t.Resources[sweeper].Properties?.ClusterName,
    }).toEqual({
      sweeperAfterCluster: true,
      applicationsAfterSweeper: true,
      suffix: 'b-pr-123.dev.goldenpathidp.io',
      clusterName: 'goldenpath-dev-b-pr-123',
    });
  });

  test('Persistent has no sweeper', () => {
    template('persistent').resourceCountIs('Custom::BuildSweeper', 0);
  });
});
