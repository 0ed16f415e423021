import { duplicates, parseCluster, parseDatabase, validCidr } from '../../../lib/model/config-sections';
import { FieldReader } from '../../../lib/model/validate';

/** Reads `value` at `path` with a section parser, returning what it made and the problems. */
function read<T>(value: unknown, parse: (r: FieldReader, problems: string[]) => T) {
  const problems: string[] = [];
  const parsed = parse(FieldReader.root(value, 'environments.dev.x', problems)!, problems);
  return { parsed, problems };
}

describe('config sections', () => {
  test('validCidr: each octet at most 255', () => {
    const cidr = validCidr(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d+)$/);
    expect(['10.0.0.0/16', '10.0.256.0/16', 'ten/8'].map((c) => cidr.test(c))).toEqual([true, false, false]);
  });

  test('duplicates: each value seen more than once, once', () => {
    expect(duplicates(['a', 'b', 'a', 'a', 'c', 'b'])).toEqual(['a', 'b']);
  });

  test('a missing cluster section parses to empty settings (its problem is reported by the caller)', () => {
    expect(parseCluster(undefined)).toEqual({
      adminRoleArn: '',
      publicEndpointCidrs: [],
      persistentNodes: { instanceTypes: [], minSize: 0, desiredSize: 0, maxSize: 0, diskSizeGiB: 0 },
      ephemeralNodes: { instanceTypes: [], minSize: 0, desiredSize: 0, maxSize: 0, diskSizeGiB: 0 },
    });
  });

  test('a public endpoint open to the internet is refused with the path and the value', () => {
    const { problems } = read(
      { adminRoleArn: 'arn:aws:iam::111111111111:role/admin', publicEndpointCidrs: ['0.0.0.0/0'] },
      (r) => parseCluster(r),
    );
    expect(problems).toContain(
      'environments.dev.x.publicEndpointCidrs[0]: received "0.0.0.0/0"; a public endpoint open to the whole internet is refused; list the CIDRs that need it',
    );
  });

  test('database defaults: names from the app, 7-day backups, no CREATEDB, single-AZ outside staging and prod', () => {
    const { parsed, problems } = read(
      {
        instanceClass: 't3.micro',
        allocatedStorageGiB: 20,
        maxAllocatedStorageGiB: 50,
        apps: [{ app: 'my-app' }],
      },
      (r, p) => parseDatabase(r, p, 'dev'),
    );
    expect(problems).toEqual([]);
    expect(parsed).toEqual({
      instanceClass: 't3.micro',
      allocatedStorageGiB: 20,
      maxAllocatedStorageGiB: 50,
      backupRetentionDays: 7,
      multiAz: false,
      alarmTopicArn: undefined,
      apps: [{ app: 'my-app', databaseName: 'my_app', roleName: 'my_app', createDb: false }],
    });
  });
});
