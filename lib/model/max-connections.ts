/** Memory (GiB) of the instance classes whose `max_connections` this construct can compute. */
const T_CLASS_GIB: Readonly<Record<string, number>> = {
  micro: 1,
  small: 2,
  medium: 4,
  large: 8,
  xlarge: 16,
  '2xlarge': 32,
};
const MR_SIZE_FACTOR: Readonly<Record<string, number>> = {
  large: 1,
  xlarge: 2,
  '2xlarge': 4,
  '4xlarge': 8,
  '8xlarge': 16,
  '12xlarge': 24,
  '16xlarge': 32,
  '24xlarge': 48,
};

/**
 * `max_connections` for an instance class: RDS's own default `LEAST(memory / 9531392, 5000)`,
 * computed from the class's nominal memory so that it can be set explicitly and the
 * connections alarm is a share of a known number.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections
 */
export function maxConnectionsFor(instanceClass: string): number | undefined {
  const [family, size] = instanceClass.split('.');
  let gib: number | undefined;
  if (/^t[34]g?$/.test(family)) gib = T_CLASS_GIB[size];
  else if (/^m[5-8][a-z]*$/.test(family) && MR_SIZE_FACTOR[size]) gib = 8 * MR_SIZE_FACTOR[size];
  else if (/^r[5-8][a-z]*$/.test(family) && MR_SIZE_FACTOR[size]) gib = 16 * MR_SIZE_FACTOR[size];
  return gib === undefined ? undefined : Math.min(Math.floor((gib * 1024 ** 3) / 9531392), 5000);
}

/** One problem if `maxConnectionsFor` does not know the class (config key `database.instanceClass`). */
export function instanceClassProblems(instanceClass: string): string[] {
  return maxConnectionsFor(instanceClass) === undefined
    ? [
        `database.instanceClass: received "${instanceClass}"; expected a class whose memory is known for max_connections: t3/t4g (micro to 2xlarge), m5-m8 or r5-r8 families (large to 24xlarge)`,
      ]
    : [];
}
