import type { TemplateJson } from '../../../../lib/ops/template-graph';

/** A small EKS-shaped template: key → cluster → node group → chart → manifest, role beside it. */
export const EKS_SHAPED_TEMPLATE: TemplateJson = {
  Resources: {
    Key: { Type: 'AWS::KMS::Key' },
    Role: { Type: 'AWS::IAM::Role' },
    Cluster: {
      Type: 'AWS::EKS::Cluster',
      Properties: { RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] }, Key: { Ref: 'Key' } },
    },
    Nodes: { Type: 'AWS::EKS::Nodegroup', Properties: { ClusterName: { Ref: 'Cluster' } } },
    Chart: {
      Type: 'Custom::AWSCDK-EKS-HelmChart',
      DependsOn: ['Nodes'],
      Properties: { ClusterName: { Ref: 'Cluster' } },
    },
    Apps: {
      Type: 'Custom::AWSCDK-EKS-KubernetesResource',
      DependsOn: 'Chart',
      Properties: { Manifest: '[{"apiVersion":"argoproj.io/v1alpha1","kind":"Application"}]' },
    },
    Sweeper: { Type: 'Custom::BuildSweeper', Properties: { Cluster: { Ref: 'Cluster' } } },
  },
};
