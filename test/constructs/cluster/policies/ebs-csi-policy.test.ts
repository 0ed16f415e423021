import {
  EBS_CLUSTER_TAG,
  ebsCsiAddonConfiguration,
  ebsCsiPolicyFor,
} from '../../../../constructs/cluster/policies/ebs-csi-policy';
import type { Statement } from '../../../../constructs/cluster/policies/alb-controller-policy';
import { CLUSTER } from '../workload-fixture';

// What the policy allows is proven with the IAM simulator in ../workload-scopes.test.ts; these
// tests read the document itself: which statements, which conditions.

describe('ebsCsiAddonConfiguration', () => {
  test("the driver tags every volume it creates with the cluster's name, under the tag the policy checks", () => {
    expect(ebsCsiAddonConfiguration(CLUSTER)).toEqual({
      controller: { extraVolumeTags: { KubernetesCluster: CLUSTER } },
    });
    expect(EBS_CLUSTER_TAG).toBe('KubernetesCluster');
  });
});

describe('ebsCsiPolicyFor: the EBS CSI driver on this cluster only', () => {
  const policy = ebsCsiPolicyFor(CLUSTER);
  const byId: Record<string, Statement> = Object.fromEntries(
    policy.Statement.map((s): [string, Statement] => [s.Sid ?? '', s]),
  );
  const own = { StringEquals: { 'aws:ResourceTag/KubernetesCluster': CLUSTER } };
  const requested = { StringEquals: { 'aws:RequestTag/KubernetesCluster': CLUSTER } };

  test('its statements, each with the condition it needs', () => {
    expect(policy.Statement.map((s) => [s.Sid, s.Condition ?? 'none'])).toEqual([
      ['Describe', 'none'],
      ['CreateOwnVolumes', requested],
      ['FromOwnSnapshots', own],
      ['CreateOwnSnapshots', requested],
      [
        'TagOnlyOnCreate',
        {
          StringEquals: {
            'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot'],
            'aws:RequestTag/KubernetesCluster': CLUSTER,
          },
        },
      ],
      ['UseOwnVolumes', own],
      ['AttachToInstances', 'none'],
      ['DeleteOwnSnapshots', own],
    ]);
    expect(policy.Version).toBe('2012-10-17');
  });

  test('without a condition: only reads, and attaching to an instance (the volume side is scoped)', () => {
    const unconditioned = policy.Statement.filter((s) => s.Condition === undefined);
    const actions = unconditioned.flatMap((s) => s.Action);
    expect(actions.filter((a) => !a.startsWith('ec2:Describe'))).toEqual([
      'ec2:AttachVolume',
      'ec2:DetachVolume',
    ]);
    expect(byId.AttachToInstances.Resource).toBe('arn:aws:ec2:*:*:instance/*');
    // Every action that attaches or detaches on an instance is also scoped on the volume.
    expect(byId.UseOwnVolumes.Action).toEqual(expect.arrayContaining(byId.AttachToInstances.Action));
    expect(byId.UseOwnVolumes.Resource).toBe('arn:aws:ec2:*:*:volume/*');
  });

  test('tags are written only while creating: no DeleteTags, and CreateTags only under ec2:CreateAction', () => {
    const actions = policy.Statement.flatMap((s) => s.Action);
    expect(actions).not.toContain('ec2:DeleteTags');
    expect(policy.Statement.filter((s) => s.Action.includes('ec2:CreateTags')).map((s) => s.Sid)).toEqual([
      'TagOnlyOnCreate',
    ]);
    expect(byId.TagOnlyOnCreate.Resource).toEqual(['arn:aws:ec2:*:*:volume/*', 'arn:aws:ec2:*:*:snapshot/*']);
  });

  test('no wildcard on anything but the reads', () => {
    expect(policy.Statement.filter((s) => s.Resource === '*').map((s) => s.Sid)).toEqual(['Describe']);
    expect(byId.Describe.Action.every((a) => a.startsWith('ec2:Describe'))).toBe(true);
  });

  test("two clusters' policies differ only in the cluster's name", () => {
    const other = 'goldenpath-dev-persistent';
    const mine = JSON.stringify(policy);
    expect(mine).not.toContain(other);
    expect(JSON.stringify(ebsCsiPolicyFor(other))).toBe(mine.split(`"${CLUSTER}"`).join(`"${other}"`));
  });
});
