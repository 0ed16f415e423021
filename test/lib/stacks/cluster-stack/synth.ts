// Which stacks one synth makes, what a stack with no build refuses at deploy time, stack-level safety
// settings and the tags of the cluster stacks.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { NO_EPHEMERAL_NOTE } from '../../../../lib/stacks/app-builder';
import { NO_BUILD_ID_MESSAGE } from '../../../../lib/stacks/cluster-stack';
import { annotationsOf, buildTestApp } from '../../../util';
import { app, resources, template } from './fixture';

describe('which stacks a synth makes', () => {
  test('without a build id: Foundation and Persistent, and a note on how to get Ephemeral', () => {
    const { app: cdkApp, notes, ephemeral } = app('dev', null);
    expect(cdkApp.node.children.map((c) => c.node.id).filter((id) => /^[A-Z]/.test(id))).toEqual([
      'Foundation',
      'Persistent',
    ]);
    expect(ephemeral).toBeUndefined();
    expect(notes).toEqual([NO_EPHEMERAL_NOTE]);
    expect(NO_EPHEMERAL_NOTE).toContain('npx cdk deploy Ephemeral -c buildId=');
  });

  test('with a build id: all three, with their stack names', () => {
    const { foundation, persistent, ephemeral, notes } = app('dev', 'pr-123');
    expect([foundation.stackName, persistent.stackName, ephemeral?.stackName]).toEqual([
      'goldenpath-dev-foundation',
      'goldenpath-dev-persistent',
      'goldenpath-dev-b-pr-123',
    ]);
    expect(notes).toEqual([]);
  });
});

describe('a build id on Foundation or Persistent is refused at deploy time', () => {
  test.each(['foundation', 'persistent'] as const)(
    '%s carries a failing rule when synthesized with one',
    (which) => {
      const t = Template.fromStack(app('dev', 'pr-123')[which]);
      t.hasParameter('BuildIdGiven', { Type: 'String', Default: 'pr-123' });
      expect((t.toJSON() as { Rules: Record<string, unknown> }).Rules.RefuseBuildId).toEqual({
        Assertions: [
          { Assert: { 'Fn::Equals': [{ Ref: 'BuildIdGiven' }, ''] }, AssertDescription: NO_BUILD_ID_MESSAGE },
        ],
      });
    },
  );

  test.each(['foundation', 'persistent'] as const)('%s has no such rule without a build id', (which) => {
    const t = Template.fromStack(app('dev', null)[which]);
    expect(Object.keys((t.toJSON() as { Rules?: object }).Rules ?? {})).toEqual(['CheckBootstrapVersion']);
    expect(Object.keys(t.findParameters('BuildIdGiven'))).toEqual([]);
  });

  test('the Ephemeral stack has no such rule', () => {
    // Nor a bootstrap version check: a build deploys with the CLI's credentials (BuildStackSynthesizer).
    expect(Object.keys((template('ephemeral').toJSON() as { Rules?: object }).Rules ?? {})).toEqual([]);
  });

  test('the message', () => {
    expect(NO_BUILD_ID_MESSAGE).toBe('This stack takes no build id: deploy it without -c buildId=<id>');
  });
});

describe('data safety and risky settings', () => {
  test('termination protection on the persistent cluster of staging and prod, never on a build', () => {
    expect(
      (['dev', 'test', 'staging', 'prod'] as const).map(
        (env) => app(env, null).persistent.terminationProtection,
      ),
    ).toEqual([false, false, true, true]);
    expect(app('dev').ephemeral!.terminationProtection).toBe(false);
  });

  test('a public cluster endpoint is a warning; a private one (prod) is not', () => {
    const dev = annotationsOf(app('dev').persistent);
    const prod = annotationsOf(app('prod', null).persistent);
    dev.hasWarning(
      '/Persistent/Platform/Cluster',
      'the cluster API endpoint is public (from 203.0.113.0/24); keep the list to the networks that need it, or set cluster.publicEndpointCidrs to [] for a private endpoint [ack: goldenpath:public-cluster-endpoint]',
    );
    prod.hasNoWarning('*', Match.stringLikeRegexp('goldenpath:public-cluster-endpoint'));
  });
});

describe('tags', () => {
  const tagsOf = (t: Template) => {
    const [, cluster] = resources(t, 'AWS::EKS::Cluster')[0];
    return Object.fromEntries(
      (cluster.Properties.Tags as { Key: string; Value: string }[]).map((x) => [x.Key, x.Value]),
    );
  };

  test('an ephemeral cluster carries BuildId and TtlHours (from -c ttlHours, default 24)', () => {
    expect(tagsOf(template('ephemeral'))).toEqual({
      BuildId: 'pr-123',
      Environment: 'dev',
      Lifecycle: 'ephemeral',
      ManagedBy: 'cdk',
      Owner: 'platform-team',
      Project: 'goldenpath-idp',
      TtlHours: '24',
    });
    expect(app('dev', 'pr-123').ephemeral!.tags.tagValues()).toEqual(tagsOf(template('ephemeral')));
    const { ephemeral } = buildTestApp({ buildId: 'pr-123', ttlHours: '6' });
    expect(tagsOf(Template.fromStack(ephemeral!)).TtlHours).toBe('6');
    expect(ephemeral!.tags.tagValues().TtlHours).toBe('6');
  });

  test('the persistent cluster has neither', () => {
    expect(app('dev', 'pr-123').persistent.tags.tagValues()).toEqual(tagsOf(template('persistent')));
    expect(tagsOf(template('persistent'))).toEqual({
      Environment: 'dev',
      Lifecycle: 'persistent',
      ManagedBy: 'cdk',
      Owner: 'platform-team',
      Project: 'goldenpath-idp',
    });
  });
});
