import { Match, type Template } from 'aws-cdk-lib/assertions';
import { sharedTestApp, templateOf } from '../../util';

/** The Ephemeral stack of dev, where the uninstall runs (a persistent cluster has none). */
function build(): { t: Template; resources: Record<string, { Type: string; DependsOn?: string[] }> } {
  const { ephemeral, persistent } = sharedTestApp({ buildId: 'pr-1' });
  expect(templateOf(persistent).findResources('Custom::BuildUninstall')).toEqual({});
  const t = templateOf(ephemeral!);
  return { t, resources: (t.toJSON() as { Resources: Record<string, { Type: string }> }).Resources };
}

const idOf = (resources: Record<string, { Type: string }>, type: string, prefix = '') =>
  Object.keys(resources).filter((id) => resources[id].Type === type && id.startsWith(prefix));

describe('BuildUninstall in a build stack', () => {
  test("runs on the sweeper's function, with the cluster's endpoint and CA, and a ServiceTimeout under the Lambda's", () => {
    const { t, resources } = build();
    const [fn] = idOf(resources, 'AWS::Lambda::Function', 'SweeperFunction');
    const [cluster] = Object.keys(resources).filter((k) => /^PlatformCluster[0-9A-F]{8}$/.test(k));
    t.hasResourceProperties('Custom::BuildUninstall', {
      ServiceToken: { 'Fn::GetAtt': [fn, 'Arn'] },
      ClusterName: 'goldenpath-dev-b-pr-1',
      Endpoint: { 'Fn::GetAtt': [cluster, 'Endpoint'] },
      CertificateAuthority: { 'Fn::GetAtt': [cluster, 'CertificateAuthorityData'] },
      Region: 'eu-west-2',
      Namespace: 'argocd',
      TierLabel: 'goldenpath.idp/tier',
      RootApplication: 'goldenpath-root',
      ServiceTimeout: '810',
    });
    t.hasResource('AWS::Lambda::Function', {
      Properties: Match.objectLike({ Timeout: 840 }),
    });
    expect(idOf(resources, 'Custom::BuildUninstall')).toHaveLength(1);
  });

  test('the function runs where the kubectl handler runs: private subnets, the cluster security group', () => {
    const { t, resources } = build();
    const [cluster] = Object.keys(resources).filter((k) => /^PlatformCluster[0-9A-F]{8}$/.test(k));
    const vpcOf = (prefix: string) =>
      (
        Object.entries(t.findResources('AWS::Lambda::Function')).find(([id]) =>
          id.startsWith(prefix),
        )![1] as {
          Properties: { VpcConfig?: unknown };
        }
      ).Properties.VpcConfig;
    expect(vpcOf('SweeperFunction')).toEqual({
      SecurityGroupIds: [{ 'Fn::GetAtt': [cluster, 'ClusterSecurityGroupId'] }],
      SubnetIds: expect.arrayContaining([
        { Ref: expect.stringMatching(/subnetsprivate/) as unknown },
      ]) as unknown,
    });
    expect(vpcOf('SweeperFunction')).toEqual(vpcOf('PlatformClusterKubectlProviderHandler'));
  });

  test("its role's access: cluster admin in the argocd namespace only (Applications), view on the cluster (Services, PVCs)", () => {
    const { t, resources } = build();
    const [role] = idOf(resources, 'AWS::IAM::Role', 'SweeperFunctionServiceRole');
    const partition = (name: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:eks::aws:cluster-access-policy/${name}`]],
    });
    const entries = Object.values(t.findResources('AWS::EKS::AccessEntry')).filter((r) =>
      JSON.stringify((r as { Properties: { PrincipalArn: unknown } }).Properties.PrincipalArn).includes(role),
    ) as { Properties: { AccessPolicies: unknown[]; Type?: string; KubernetesGroups?: unknown } }[];
    expect(entries).toHaveLength(1);
    expect(entries[0].Properties.KubernetesGroups).toBeUndefined();
    expect(entries[0].Properties.AccessPolicies).toEqual([
      {
        AccessScope: { Type: 'namespace', Namespaces: ['argocd'] },
        PolicyArn: partition('AmazonEKSClusterAdminPolicy'),
      },
      { AccessScope: { Type: 'cluster' }, PolicyArn: partition('AmazonEKSViewPolicy') },
    ]);
  });

  test('its role, policy and access entry outlive it on delete (it depends on each)', () => {
    const { resources } = build();
    const [uninstall] = idOf(resources, 'Custom::BuildUninstall');
    const depends = resources[uninstall].DependsOn ?? [];
    const [role] = idOf(resources, 'AWS::IAM::Role', 'SweeperFunctionServiceRole');
    const [policy] = idOf(resources, 'AWS::IAM::Policy', 'SweeperFunctionServiceRoleDefaultPolicy');
    const [access] = idOf(resources, 'AWS::EKS::AccessEntry', 'UninstallAccess');
    expect([role, policy, access].map((id) => depends.includes(id))).toEqual([true, true, true]);
  });
});
