import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { ENVIRONMENT_NAMES } from '../../../lib/model/config';
import { envConfig, sharedTestApp } from '../../util';

describe('the whole app', () => {
  test.each(ENVIRONMENT_NAMES)(
    '%s: no template exports a value or imports one (the planes stay decoupled)',
    (env) => {
      const builds = env === 'dev' || env === 'test';
      const { app } = sharedTestApp({ env, buildId: builds ? 'pr-1' : undefined });
      const assembly = app.synth();
      expect(assembly.stacks.length).toBeGreaterThan(0);
      for (const stack of assembly.stacks) {
        const text = JSON.stringify(stack.template);
        expect(text).not.toContain('Fn::ImportValue');
        expect(
          Object.values(
            (stack.template as { Outputs?: Record<string, { Export?: unknown }> }).Outputs ?? {},
          ).filter((o) => o.Export),
        ).toEqual([]);
      }
    },
  );

  test('cdk.context.json holds the AZs of every configured account and region, so synth never asks AWS', () => {
    const context = JSON.parse(
      readFileSync(join(__dirname, '..', '..', '..', 'cdk.context.json'), 'utf8'),
    ) as Record<string, string[]>;
    for (const env of ENVIRONMENT_NAMES) {
      const c = envConfig(env);
      expect(context[`availability-zones:account=${c.account}:region=${c.region}`]).toEqual(
        c.availabilityZones,
      );
    }
  });

  test('every stack is in its environment’s account and region', () => {
    const { app } = sharedTestApp({ env: 'staging' });
    const stacks = app.node.children.filter((c): c is Stack => c instanceof Stack);
    expect(stacks.map((s) => [s.account, s.region])).toEqual(stacks.map(() => ['333333333333', 'eu-west-2']));
  });
});
