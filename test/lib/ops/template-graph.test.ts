import { type TemplateJson, measureTemplate, resourceDependencies } from '../../../lib/ops/template-graph';

const template: TemplateJson = {
  Parameters: { ZoneId: { Type: 'String' } },
  Resources: {
    Role: { Type: 'AWS::IAM::Role', Properties: { Path: { Ref: 'AWS::Region' } } },
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Zone: { Ref: 'ZoneId' } },
    },
    Provider: {
      Type: 'AWS::Lambda::Function',
      Properties: { Env: { 'Fn::Sub': 'x-${Fn.Arn}-${AWS::Region}-${!Literal}' } },
    },
    Cluster: { Type: 'AWS::EKS::Cluster', Properties: { RoleArn: { 'Fn::GetAtt': 'Role.Arn' } } },
    Chart: {
      Type: 'Custom::AWSCDK-EKS-HelmChart',
      Properties: { Token: { Ref: 'Provider' } },
      DependsOn: ['Cluster'],
    },
    Manifest: {
      Type: 'Custom::AWSCDK-EKS-KubernetesResource',
      DependsOn: 'Chart',
      Properties: { Other: { 'Fn::ImportValue': 'x' } },
    },
    Sweeper: { Type: 'AWS::CloudFormation::CustomResource', Properties: {} },
    Nested: { Type: 'AWS::CloudFormation::Stack', Properties: {} },
  },
};

describe('resourceDependencies', () => {
  test('follows Ref, Fn::GetAtt (both forms), Fn::Sub and DependsOn to resources only', () => {
    const deps = resourceDependencies(template);
    expect(Object.fromEntries([...deps].map(([k, v]) => [k, [...v].sort()]))).toEqual({
      Role: [],
      Fn: ['Role'],
      Provider: ['Fn'],
      Cluster: ['Role'],
      Chart: ['Cluster', 'Provider'],
      Manifest: ['Chart'],
      Sweeper: [],
      Nested: [],
    });
  });
});

describe('measureTemplate', () => {
  test('counts functions, custom resources, nested stacks, imports and the longest chain', () => {
    expect(measureTemplate(template)).toEqual({
      resources: 8,
      lambdaFunctions: 2,
      customResources: 3,
      nestedStacks: 1,
      importValues: 1,
      longestChain: 5,
      longestChainPath: ['Role', 'Fn', 'Provider', 'Chart', 'Manifest'],
    });
  });

  test('an empty template measures zero', () => {
    expect(measureTemplate({})).toMatchObject({ resources: 0, longestChain: 0, longestChainPath: [] });
  });

  test('a cycle is reported, not looped on', () => {
    const cyclic: TemplateJson = {
      Resources: { A: { Type: 'X', DependsOn: 'B' }, B: { Type: 'X', DependsOn: 'A' } },
    };
    expect(() => measureTemplate(cyclic)).toThrow('Dependency cycle through A');
  });
});
