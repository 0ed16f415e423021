import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { CATALOGUE } from '../../../../tiers/catalogue';
import { applicationsManifestId, renderBudget, stackBudget } from '../../../../lib/ops/perf/budget';
import { createPath, deletePath, deployModel, floorSeconds } from '../../../../lib/ops/perf/deploy-model';
import type { TemplateJson } from '../../../../lib/ops/template-graph';
import { buildTestApp } from '../../../util';

/** A small EKS-shaped template: key → cluster → node group → chart → manifest, role beside it. */
const FIXTURE: TemplateJson = {
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

describe('template budget report', () => {
  test('counts resources by type and measures the template', () => {
    const b = stackBudget({ stackName: 's', template: FIXTURE, templateBytes: 2000, assetBytes: 10 });
    expect(b.resourcesByType.slice(0, 2)).toEqual([
      ['AWS::EKS::Cluster', 1],
      ['AWS::EKS::Nodegroup', 1],
    ]);
    expect([b.measures.resources, b.measures.customResources, b.measures.longestChain]).toEqual([7, 3, 5]);
  });

  test('finds the manifest that carries the Applications', () => {
    expect(applicationsManifestId(FIXTURE)).toBe('Apps');
    expect(applicationsManifestId({ Resources: { X: { Type: 'AWS::S3::Bucket' } } })).toBeUndefined();
  });

  test('renders the limits as shares of CloudFormation’s', () => {
    const report = renderBudget([
      stackBudget({ stackName: 'stack-a', template: FIXTURE, templateBytes: 250_000, assetBytes: 0 }),
    ]);
    expect(report).toContain(
      '| stack-a | 7 (1.4 % of 500) | 0 | 3 | 0 | 0 | 5 | 250000 (25.0 % of 1 MB) | 0 |',
    );
    expect(report).toContain('Longest dependency chain: Key → Cluster → Nodes → Chart → Apps');
  });
});

describe('modeled deploy path', () => {
  test('create: the heaviest chain, weighted by typical times', () => {
    // Cluster 600 after the KMS key (20) beats the role (10); then nodes 240, chart 240, manifest 30.
    expect(createPath(FIXTURE)).toEqual({
      seconds: 20 + 600 + 240 + 240 + 30,
      path: ['Key', 'Cluster', 'Nodes', 'Chart', 'Apps'],
    });
  });

  test('delete: a resource goes only after what references it', () => {
    // Apps 60 → Chart 60 → Nodes 300 → Cluster 300 → Key 5 outweighs Sweeper 180 → Cluster.
    expect(deletePath(FIXTURE)).toEqual({
      seconds: 60 + 60 + 300 + 300 + 5,
      path: ['Apps', 'Chart', 'Nodes', 'Cluster', 'Key'],
    });
  });

  test('tier 1 ready = create path to the Applications manifest plus the sync waves', () => {
    const m = deployModel(FIXTURE, 'Apps', 9);
    expect(m.tier1ReadySeconds).toBe(1130 + 9 * 45);
    expect([m.createFloorSeconds, m.deleteFloorSeconds]).toEqual([
      floorSeconds('create'),
      floorSeconds('delete'),
    ]);
    expect(m.createFloorSeconds).toBe(840);
  });
});

describe('the README’s modeled deploy path', () => {
  test('matches the model of the dev Ephemeral template', () => {
    const { ephemeral } = buildTestApp({ env: 'dev', buildId: 'pr-0' });
    const template = Template.fromStack(ephemeral!).toJSON() as TemplateJson;
    const tier1Waves = new Set(CATALOGUE.filter((e) => e.tier === 1).map((e) => e.wave)).size;
    const rendered = renderBudget([], {
      stackName: 'x',
      model: deployModel(template, applicationsManifestId(template)!, tier1Waves),
    });
    const table = rendered
      .slice(rendered.indexOf('## Modeled'))
      .split('\n')
      .filter((l) => l.startsWith('| '));
    const readme = readFileSync(join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('<!-- deploy-model:start -->'),
      readme.indexOf('<!-- deploy-model:end -->'),
    );
    expect(section.split('\n').filter((l) => l.startsWith('| '))).toEqual(table);
  });
});
