import { awsLoadBalancerController } from '../../../tiers/tier1/aws-load-balancer-controller';
import { BUILD_ID, expectApplicationOf, helmValues, renderTiers, renderedApplication } from '../fixture';

describe('aws-load-balancer-controller', () => {
  const app = () => renderedApplication('ephemeral', 1, 'aws-load-balancer-controller');

  test(`rendered for build ${BUILD_ID}, maxTier 1.5`, () => {
    expect(renderTiers('ephemeral', 1.5).apps['aws-load-balancer-controller']).toMatchSnapshot();
  });

  test('tier 1, wave 22, pinned chart, in kube-system', () => {
    expectApplicationOf(app(), awsLoadBalancerController);
  });

  test('cluster, region and VPC from the bootstrap values; the Pod Identity service account', () => {
    expect(helmValues(app())).toMatchObject({
      clusterName: `goldenpath-dev-b-${BUILD_ID}`,
      region: 'eu-west-2',
      vpcId: 'vpc-0123456789abcdef0',
      serviceAccount: { name: awsLoadBalancerController.workloadIdentity!.serviceAccount },
    });
    expect(awsLoadBalancerController.workloadIdentity).toEqual({
      namespace: 'kube-system',
      serviceAccount: 'aws-load-balancer-controller',
    });
  });
});
