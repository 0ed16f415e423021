import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE } from '../../../../tiers/catalogue';
import { applicationsManifestId, renderBudget, stackBudget } from '../../../../lib/ops/perf/budget';
import { deployModel } from '../../../../lib/ops/perf/deploy-model';
import type { TemplateJson } from '../../../../lib/ops/template-graph';
import { sharedTestApp, templateOf } from '../../../util';
import { EKS_SHAPED_TEMPLATE as FIXTURE } from './fixture';

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

describe('the README’s modeled deploy path', () => {
  test('matches the model of the dev Ephemeral template', () => {
    const { ephemeral } = sharedTestApp({ env: 'dev', buildId: 'pr-1' });
    const template = templateOf(ephemeral!).toJSON() as TemplateJson;
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
