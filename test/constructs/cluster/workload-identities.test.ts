import { Match } from 'aws-cdk-lib/assertions';
import { WORKLOAD_SERVICE_ACCOUNTS } from '../../../constructs/cluster/workload-identities';
import { ACCOUNT, decide, roleOf } from '../iam-simulator';
import { LOG_BUCKET, policiesOf, synth } from './workload-fixture';

describe('WorkloadIdentities', () => {
  test('every role trusts EKS Pod Identity only', () => {
    const t = synth();
    t.resourceCountIs('AWS::IAM::Role', 6);
    t.allResourcesProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Effect: 'Allow',
            Principal: { Service: 'pods.eks.amazonaws.com' },
            Condition: { StringEquals: Match.objectLike({ 'aws:SourceAccount': Match.anyValue() }) },
          },
        ],
      },
    });
  });

  test.each(Object.entries(WORKLOAD_SERVICE_ACCOUNTS))(
    '%s: only its own service account of this cluster may assume its role (simulated)',
    async (name, { namespace, serviceAccount }) => {
      const t = synth();
      const id = Object.keys(t.findResources('AWS::IAM::Role')).find((k) =>
        k.startsWith(`Identities${name[0].toUpperCase()}${name.slice(1)}Role`),
      )!;
      const { trust } = roleOf(t, { id });
      const clusterArn = `arn:aws:eks:eu-west-2:${ACCOUNT}:cluster/goldenpath-dev-b-1`;
      const assume = async (ns: string, sa: string, arn: string) => {
        const tags = {
          'aws:SourceAccount': ACCOUNT,
          'aws:RequestTag/eks-cluster-arn': arn,
          'aws:RequestTag/kubernetes-namespace': ns,
          'aws:RequestTag/kubernetes-service-account': sa,
        };
        const target = `arn:aws:iam::${ACCOUNT}:role/${id}`;
        const extra = { resourcePolicy: trust, principal: 'pods.eks.amazonaws.com' };
        const [a, b] = [
          await decide([], 'sts:AssumeRole', target, tags, extra),
          await decide([], 'sts:TagSession', target, tags, extra),
        ];
        return a === b ? a : `${a}/${b}`;
      };
      expect(await assume(namespace, serviceAccount, clusterArn)).toBe('Allowed');
      expect(await assume('default', serviceAccount, clusterArn)).toBe('ImplicitlyDenied');
      expect(await assume(namespace, 'default', clusterArn)).toBe('ImplicitlyDenied');
      expect(await assume(namespace, serviceAccount, clusterArn.replace('b-1', 'persistent'))).toBe(
        'ImplicitlyDenied',
      );
    },
  );

  test("without the Foundation's read policy (a build), External Secrets can read nothing", () => {
    const t = synth(null);
    const role = Object.values(t.findResources('AWS::IAM::Role')).find((r) =>
      JSON.stringify(r).includes('external-secrets/external-secrets'),
    ) as { Properties: Record<string, unknown> };
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toBeUndefined();
  });

  test('External Secrets gets the Foundation read policy and nothing else', () => {
    synth().hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: ['arn:aws:iam::111111111111:policy/goldenpath-dev-external-secrets-read'],
      Policies: Match.absent(),
    });
  });

  test('cluster-autoscaler may scale only Auto Scaling groups tagged as this cluster', () => {
    synth().hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        {
          PolicyName: 'clusterAutoscaler',
          PolicyDocument: {
            Statement: Match.arrayWith([
              {
                Sid: 'ScaleOwnNodeGroupsOnly',
                Effect: 'Allow',
                Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
                Resource: '*',
                Condition: {
                  StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/goldenpath-dev-b-1': 'owned' },
                },
              },
            ]),
          },
        },
      ],
    });
  });

  test("the load balancer controller may change only its own cluster's load balancers, groups and security groups (simulated)", async () => {
    const policies = policiesOf('IdentitiesAwsLoadBalancerControllerRole');
    const lb = `arn:aws:elasticloadbalancing:eu-west-2:${ACCOUNT}:loadbalancer/net/k8s-x/0123456789abcdef`;
    const tg = `arn:aws:elasticloadbalancing:eu-west-2:${ACCOUNT}:targetgroup/k8s-x/0123456789abcdef`;
    const sg = `arn:aws:ec2:eu-west-2:${ACCOUNT}:security-group/sg-0123456789abcdef0`;
    const on = (cluster: string) => ({ 'aws:ResourceTag/elbv2.k8s.aws/cluster': cluster });
    const cases: [string, string][] = [
      ['elasticloadbalancing:DeleteLoadBalancer', lb],
      ['elasticloadbalancing:ModifyLoadBalancerAttributes', lb],
      ['elasticloadbalancing:DeleteTargetGroup', tg],
      ['ec2:DeleteSecurityGroup', sg],
    ];
    for (const [action, resource] of cases) {
      expect(await decide(policies, action, resource, on('goldenpath-dev-b-1'))).toBe('Allowed');
      for (const other of ['goldenpath-dev-persistent', 'goldenpath-dev-b-2', 'goldenpath-dev-b-10'])
        expect(await decide(policies, action, resource, on(other))).toBe('ImplicitlyDenied');
    }
    const create = (cluster: string) =>
      decide(policies, 'elasticloadbalancing:CreateLoadBalancer', lb, {
        'aws:RequestTag/elbv2.k8s.aws/cluster': cluster,
      });
    expect(await create('goldenpath-dev-b-1')).toBe('Allowed');
    expect(await create('goldenpath-dev-persistent')).toBe('ImplicitlyDenied');
  });

  test("Loki may use its own cluster's prefix of the log bucket and nothing else (simulated)", async () => {
    const policies = policiesOf('IdentitiesLokiRole');
    const object = (key: string) => `arn:aws:s3:::${LOG_BUCKET}/${key}`;
    const own = 'loki-goldenpath-dev-b-1';
    for (const action of ['s3:PutObject', 's3:GetObject', 's3:DeleteObject']) {
      expect(await decide(policies, action, object(`${own}/fake/chunk`))).toBe('Allowed');
      // Another build, one whose name starts with this one's, the persistent cluster, the root.
      for (const key of [
        'loki-goldenpath-dev-b-2/fake/chunk',
        'loki-goldenpath-dev-b-10/fake/chunk',
        'loki-goldenpath-dev-persistent/fake/chunk',
        'chunk',
        'build-logs/goldenpath-dev-b-1.log',
      ])
        expect(await decide(policies, action, object(key))).toBe('ImplicitlyDenied');
      expect(await decide(policies, action, object(`${own}/x`).replace(LOG_BUCKET, 'other-bucket'))).toBe(
        'ImplicitlyDenied',
      );
    }
    const list = (prefix: string) =>
      decide(policies, 's3:ListBucket', `arn:aws:s3:::${LOG_BUCKET}`, { 's3:prefix': prefix });
    expect(await list(`${own}/index/`)).toBe('Allowed');
    expect(await list('loki-goldenpath-dev-persistent/')).toBe('ImplicitlyDenied');
    expect(await list('')).toBe('ImplicitlyDenied');
    // Nothing but object reads, writes, deletes and listing: no bucket policy, ACL or lifecycle.
    for (const action of ['s3:PutBucketPolicy', 's3:PutLifecycleConfiguration', 's3:DeleteBucket'])
      expect(await decide(policies, action, `arn:aws:s3:::${LOG_BUCKET}`)).toBe('ImplicitlyDenied');
    expect(await decide(policies, 's3:PutObjectAcl', object(`${own}/x`))).toBe('ImplicitlyDenied');
  });
});
