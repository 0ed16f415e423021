import { IPV4_ADDRESSES, coveredAddresses, publicCidrsProblem } from '../../../lib/model/cidr';

describe('coveredAddresses', () => {
  test.each([
    [[], 0],
    [['203.0.113.0/24'], 256],
    [['203.0.113.7/24'], 256],
    [['203.0.113.0/24', '203.0.113.128/25'], 256],
    [['203.0.113.0/25', '203.0.113.128/25'], 256],
    [['198.51.100.0/24', '203.0.113.0/24'], 512],
    [['0.0.0.0/1', '128.0.0.0/1'], IPV4_ADDRESSES],
    [['128.0.0.0/1', '0.0.0.0/1', '10.0.0.0/8'], IPV4_ADDRESSES],
    [['255.255.255.255/32'], 1],
  ])('%j covers %d addresses', (cidrs, expected) => {
    expect(coveredAddresses(cidrs)).toBe(expected);
  });
});

describe('publicCidrsProblem', () => {
  test('a /8 passes, a /8 and one address more does not', () => {
    expect(publicCidrsProblem(['11.0.0.0/8'])).toBeUndefined();
    expect(publicCidrsProblem(['11.0.0.0/8', '12.0.0.0/32'])).toBe(
      'together they open the endpoint to 16777217 addresses (0.39 % of IPv4), more than a /8 (16777216): a public endpoint open to the internet is refused however the CIDRs are split; list only the networks that need it',
    );
  });
});
