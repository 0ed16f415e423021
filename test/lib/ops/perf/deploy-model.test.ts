import {
  DEFAULT_TYPICAL,
  createPath,
  createPathTo,
  deletePath,
  deployModel,
  floorSeconds,
} from '../../../../lib/ops/perf/deploy-model';
import { EKS_SHAPED_TEMPLATE as FIXTURE } from './fixture';

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

  test('the path to one resource leaves out what does not lead to it', () => {
    // The Sweeper waits for the cluster, not for the node group or the chart.
    expect(createPathTo(FIXTURE, 'Sweeper')).toEqual({
      seconds: 20 + 600 + 5,
      path: ['Key', 'Cluster', 'Sweeper'],
    });
  });

  test('a type not in the table weighs the default: a single API call', () => {
    const template = {
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket' },
        Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Bucket' } } },
      },
    };
    expect(createPath(template)).toEqual({
      seconds: 2 * DEFAULT_TYPICAL.create,
      path: ['Bucket', 'Policy'],
    });
    expect(deletePath(template)).toEqual({
      seconds: 2 * DEFAULT_TYPICAL.delete,
      path: ['Policy', 'Bucket'],
    });
  });

  test('an empty template takes no time', () => {
    expect([createPath({}), deletePath({ Resources: {} })]).toEqual([
      { seconds: 0, path: [] },
      { seconds: 0, path: [] },
    ]);
  });

  test('a dependency cycle is an error naming a resource on it, not an endless walk', () => {
    const template = {
      Resources: {
        A: { Type: 'AWS::IAM::Role', DependsOn: 'B' },
        B: { Type: 'AWS::IAM::Role', DependsOn: 'A' },
      },
    };
    expect(() => createPath(template)).toThrow('Dependency cycle through A');
    expect(() => deletePath(template)).toThrow('Dependency cycle through A');
  });
});
