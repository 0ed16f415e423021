import { instanceClassProblems, maxConnectionsFor } from '../../../lib/model/max-connections';

describe('maxConnectionsFor', () => {
  test.each([
    ['t3.micro', 112],
    ['t4g.medium', 450],
    ['m6g.large', 901],
    ['r6i.2xlarge', 5000],
    ['m7g.4xlarge', 5000],
    ['x2g.large', undefined],
    ['t3.nano', undefined],
  ])('%s -> %s', (instanceClass, expected) => {
    expect(maxConnectionsFor(instanceClass)).toBe(expected);
  });
});

describe('instanceClassProblems', () => {
  test('names the key, the value and the classes it knows', () => {
    expect(instanceClassProblems('t3.micro')).toEqual([]);
    expect(instanceClassProblems('x2g.large')).toEqual([
      'database.instanceClass: received "x2g.large"; expected a class whose memory is known for max_connections: t3/t4g (micro to 2xlarge), m5-m8 or r5-r8 families (large to 24xlarge)',
    ]);
  });
});
