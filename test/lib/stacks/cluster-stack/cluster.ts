// The EKS cluster of each lifecycle: access, logging, encryption, networking, nodes and add-ons, and
// what it takes from the Foundation instead of creating it.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ciDeployRoleName } from '../../../../lib/model/naming';
import { VERSIONS } from '../../../../lib/model/versions';
import { envConfig } from '../../../util';
import { app, template } from './fixture';

describe.each(['dev', 'prod'] as const)('cluster stacks of %s', (env) => {
  const config = envConfig(env);

  test.each([
    ['persistent', `goldenpath-${env}-persistent`, config.cluster.persistentNodes],
    ['ephemeral', `goldenpath-${env}-b-pr-123`, config.cluster.ephemeralNodes],
  ] as const)(
    '%s: EKS %s with access entries, logging, encryption and its node group',
    (lifecycle, name, nodes) => {
      const t = template(lifecycle, env);
      const cidrs = config.cluster.publicEndpointCidrs;
      t.hasResourceProperties('AWS::EKS::Cluster', {
        Name: name,
        Version: VERSIONS.kubernetes,
        AccessConfig: { AuthenticationMode: 'API', BootstrapClusterCreatorAdminPermissions: false },
        EncryptionConfig: [{ Resources: ['secrets'], Provider: { KeyArn: Match.anyValue() } }],
        Logging: {
          ClusterLogging: {
            EnabledTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].map((Type) => ({
              Type,
            })),
          },
        },
        ResourcesVpcConfig: Match.objectLike({
          EndpointPrivateAccess: true,
          EndpointPublicAccess: cidrs.length > 0,
          ...(cidrs.length > 0 ? { PublicAccessCidrs: cidrs } : {}),
          SubnetIds: config.availabilityZones.map((az) => ({
            Ref: Match.stringLikeRegexp(`subnetsprivate${az.replace(/-/g, '')}`),
          })),
        }),
      });
      t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      const ci = lifecycle === 'ephemeral' ? ['build'] : ['deploy', 'nightly'];
      // The platform admin, the CI roles, the kubectl provider's own entry, and on a build the
      // teardown function's (tested in test/constructs/cluster/build-uninstall.spec.ts).
      t.resourceCountIs('AWS::EKS::AccessEntry', 2 + ci.length + (lifecycle === 'ephemeral' ? 1 : 0));
      for (const principal of [
        config.cluster.adminRoleArn,
        ...ci.map((purpose) => ({
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              `:iam::${config.account}:role/goldenpath-${env}-ci-${purpose}`,
            ],
          ],
        })),
      ]) {
        t.hasResourceProperties('AWS::EKS::AccessEntry', {
          PrincipalArn: principal,
          AccessPolicies: [
            {
              AccessScope: { Type: 'cluster' },
              PolicyArn: {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
                  ],
                ],
              },
            },
          ],
        });
      }
      t.hasResourceProperties('AWS::EKS::Nodegroup', {
        AmiType: 'AL2023_x86_64_STANDARD',
        InstanceTypes: nodes.instanceTypes,
        ScalingConfig: { MinSize: nodes.minSize, DesiredSize: nodes.desiredSize, MaxSize: nodes.maxSize },
        Tags: Match.objectLike({
          'k8s.io/cluster-autoscaler/enabled': 'true',
          [`k8s.io/cluster-autoscaler/${name}`]: 'owned',
        }),
      });
      t.hasResourceProperties('AWS::EC2::LaunchTemplate', {
        LaunchTemplateData: Match.objectLike({
          MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
          // A build's nodes never join the database clients group.
          SecurityGroupIds: [
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^PlatformCluster'), 'ClusterSecurityGroupId'] },
            ...(lifecycle === 'persistent'
              ? [{ Ref: Match.stringLikeRegexp('databaseclientsecuritygroupid') }]
              : []),
          ],
        }),
      });
    },
  );

  test('the CI deploy role the access entry names is the one the Foundation creates', () => {
    Template.fromStack(app(env).foundation).hasResourceProperties('AWS::IAM::Role', {
      RoleName: ciDeployRoleName(env),
    });
  });

  test.each(['persistent', 'ephemeral'] as const)('%s: the pinned managed add-ons', (lifecycle) => {
    const t = template(lifecycle, env);
    const addons = Object.values(t.findResources('AWS::EKS::Addon')).map((r) => {
      const p = r.Properties as { AddonName: string; AddonVersion: string };
      return [p.AddonName, p.AddonVersion];
    });
    expect(Object.fromEntries(addons)).toEqual(VERSIONS.eksAddons);
  });

  test.each(['persistent', 'ephemeral'] as const)(
    '%s: consumes the Foundation, creates none of it',
    (lifecycle) => {
      const t = template(lifecycle, env);
      for (const type of [
        'AWS::EC2::VPC',
        'AWS::EC2::Subnet',
        'AWS::Route53::HostedZone',
        'AWS::RDS::DBInstance',
        'AWS::SecretsManager::Secret',
        'AWS::SSM::Parameter::Value<String>',
      ]) {
        t.resourceCountIs(type, 0);
      }
      expect(JSON.stringify(t.toJSON())).not.toContain('Fn::ImportValue');
      expect(Object.keys(t.findParameters('*', { Type: 'AWS::SSM::Parameter::Value<String>' }))).toEqual(
        expect.arrayContaining([expect.stringMatching(/^SsmParameterValuegoldenpath.*foundationv1vpcid/)]),
      );
    },
  );
});
