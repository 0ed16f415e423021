/** IPv4 addresses in all: 2^32. */
export const IPV4_ADDRESSES = 2 ** 32;

/**
 * The most addresses a public endpoint allow-list may open to, together: one /8. An allow-list
 * names the networks that need the endpoint (offices, VPNs, CI runners); more than a /8 is most
 * of the internet in another form (`0.0.0.0/1` + `128.0.0.0/1` is all of it).
 */
export const MAX_PUBLIC_ADDRESSES = 2 ** 24;

/** The first address and the size of a valid IPv4 CIDR (`a.b.c.d/n`). */
function range(cidr: string): { start: number; size: number } {
  const [ip, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const address = ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  return { start: Math.floor(address / size) * size, size };
}

/** How many distinct addresses a list of valid IPv4 CIDRs covers together (overlaps counted once). */
export function coveredAddresses(cidrs: readonly string[]): number {
  const ranges = cidrs.map(range).sort((a, b) => a.start - b.start);
  let total = 0;
  let end = 0; // first address not yet counted
  for (const r of ranges) {
    const from = Math.max(r.start, end);
    const to = r.start + r.size;
    if (to > from) {
      total += to - from;
      end = to;
    }
  }
  return total;
}

/**
 * Why a public endpoint allow-list is refused, or undefined when it is not: the CIDRs together,
 * however they are split, may cover at most `MAX_PUBLIC_ADDRESSES`.
 */
export function publicCidrsProblem(cidrs: readonly string[]): string | undefined {
  const covered = coveredAddresses(cidrs);
  if (covered <= MAX_PUBLIC_ADDRESSES) return undefined;
  const share = ((covered / IPV4_ADDRESSES) * 100).toFixed(covered === IPV4_ADDRESSES ? 0 : 2);
  return `together they open the endpoint to ${covered} addresses (${share} % of IPv4), more than a /8 (${MAX_PUBLIC_ADDRESSES}): a public endpoint open to the internet is refused however the CIDRs are split; list only the networks that need it`;
}
