import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourceDependencies, type TemplateJson } from '../../../lib/ops/template-graph';
import { sharedTestApp, templateOf } from '../../util';
import { teardownBoundSeconds } from '../../../lib/model/teardown-deadlines';

// The delete order itself is tested at test/constructs/cluster/teardown-order.spec.ts.
describe('the longest teardown', () => {
  test("the README's longest teardown is the template's longest chain of ServiceTimeouts, and the constants' sum", () => {
    const { ephemeral } = sharedTestApp({ buildId: 'pr-1' });
    const template = templateOf(ephemeral!).toJSON() as TemplateJson;
    const resources = template.Resources!;
    const deps = resourceDependencies(template);
    // The heaviest path of ServiceTimeouts: CloudFormation runs a resource once all it waits for is done.
    const memo = new Map<string, number>();
    const heaviest = (id: string): number => {
      if (!memo.has(id)) {
        const own = Number(
          (resources[id].Properties as { ServiceTimeout?: unknown } | undefined)?.ServiceTimeout ?? 0,
        );
        memo.set(id, own + Math.max(0, ...[...(deps.get(id) ?? [])].map(heaviest)));
      }
      return memo.get(id)!;
    };
    const longest = Math.max(...Object.keys(resources).map(heaviest));
    expect(longest).toBe(teardownBoundSeconds());
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(
      `at most ${Math.ceil(teardownBoundSeconds() / 60)} minutes of custom\nresources`,
    );
  });
});
