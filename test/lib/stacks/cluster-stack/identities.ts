// The workload identities of a cluster: one Pod Identity association per controller, and
// ExternalDNS held to its cluster's names.
import { Match } from 'aws-cdk-lib/assertions';
import { template } from './fixture';

describe.each(['dev', 'prod'] as const)('cluster stacks of %s', (env) => {
  test.each(['persistent', 'ephemeral'] as const)(
    '%s: one Pod Identity association per controller',
    (lifecycle) => {
      const associations = Object.values(
        template(lifecycle, env).findResources('AWS::EKS::PodIdentityAssociation'),
      ).map((r) => {
        const p = r.Properties as { Namespace: string; ServiceAccount: string };
        return `${p.Namespace}/${p.ServiceAccount}`;
      });
      expect(associations.sort()).toEqual([
        'external-dns/external-dns',
        'external-secrets/external-secrets',
        'kube-system/aws-load-balancer-controller',
        'kube-system/cluster-autoscaler',
        'kube-system/ebs-csi-controller-sa',
        'loki/loki',
      ]);
    },
  );

  test.each([
    ['persistent', `*.${env}.goldenpathidp.io`],
    ['ephemeral', `*.b-pr-123.${env}.goldenpathidp.io`],
  ] as const)('%s: ExternalDNS may change names matching %s only', (lifecycle, pattern) => {
    template(lifecycle, env).hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        {
          PolicyName: 'externalDns',
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Sid: 'ChangeRecordsInScope',
                Condition: Match.objectLike({
                  'ForAllValues:StringLike': {
                    'route53:ChangeResourceRecordSetsNormalizedRecordNames': [pattern],
                  },
                }),
              }),
            ]),
          },
        },
      ],
    });
  });
});
