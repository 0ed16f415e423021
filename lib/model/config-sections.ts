import { publicCidrsProblem } from './cidr';
import type { ClusterConfig, DatabaseConfig, EnvironmentName, NodeGroupConfig } from './config';
import { PROTECTED_ENVIRONMENTS } from './protection';
import { FieldReader } from './validate';

// The sections of an environment's config with rules of their own: the platform database and the
// cluster. `config.ts` reads the rest and calls these.

const CIDR_ANY = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/([0-9]|[12][0-9]|3[0-2])$/;
const INSTANCE_CLASS = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const SNS_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/;
const EC2_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
/** Postgres database names the provisioner accepts (DESIGN §7); see also `ROLE_NAME`. */
export const DATABASE_NAME = /^[a-z][a-z0-9_]{2,62}$/;
export const ROLE_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const APP_NAME = /^[a-z][a-z0-9-]{1,30}$/;

/** A pattern whose four octets must each be at most 255. */
export function validCidr(pattern: RegExp): RegExp {
  return {
    test: (s: string) => {
      const m = pattern.exec(s);
      return !!m && m.slice(1, 5).every((o) => Number(o) <= 255);
    },
  } as RegExp;
}

export function parseDatabase(d: FieldReader, problems: string[], env: EnvironmentName): DatabaseConfig {
  d.rejectUnknownKeys([
    'instanceClass',
    'allocatedStorageGiB',
    'maxAllocatedStorageGiB',
    'backupRetentionDays',
    'multiAz',
    'alarmTopicArn',
    'apps',
  ]);
  const allocatedStorageGiB = d.integer('allocatedStorageGiB', { min: 20, max: 65536 });
  const maxAllocatedStorageGiB = d.integer('maxAllocatedStorageGiB', { min: 20, max: 65536 });
  if (maxAllocatedStorageGiB < allocatedStorageGiB) {
    d.report(
      d.at('maxAllocatedStorageGiB'),
      maxAllocatedStorageGiB,
      `expected at least allocatedStorageGiB (${allocatedStorageGiB})`,
    );
  }
  const apps = d.array(
    'apps',
    (v, path) => {
      const a = FieldReader.root(v, path, problems);
      if (!a) return undefined;
      a.rejectUnknownKeys(['app', 'databaseName', 'roleName', 'createDb']);
      const app = a.string('app', {
        pattern: APP_NAME,
        expected: 'expected 2-31 lower-case letters, digits or hyphens, starting with a letter',
      });
      return {
        app,
        databaseName: a.string('databaseName', {
          pattern: DATABASE_NAME,
          expected: `expected a database name matching ${DATABASE_NAME.source}`,
          fallback: app.replace(/-/g, '_'),
        }),
        roleName: a.string('roleName', {
          pattern: ROLE_NAME,
          expected: `expected a role name matching ${ROLE_NAME.source} (at most 63 characters)`,
          fallback: app.replace(/-/g, '_'),
        }),
        createDb: a.boolean('createDb', false),
      };
    },
    { min: 0, max: 50 },
  );
  for (const [label, key] of [
    ['app', 'app'],
    ['database name', 'databaseName'],
    ['role name', 'roleName'],
  ] as const) {
    duplicates(apps.map((a) => a[key])).forEach((dup) =>
      d.report(d.at('apps'), dup, `each ${label} may appear once`),
    );
  }
  return {
    instanceClass: d.string('instanceClass', {
      pattern: INSTANCE_CLASS,
      expected: 'expected an instance class without the db. prefix, such as t3.micro',
    }),
    allocatedStorageGiB,
    maxAllocatedStorageGiB,
    backupRetentionDays: d.integer('backupRetentionDays', { min: 1, max: 35, fallback: 7 }),
    multiAz: d.boolean('multiAz', PROTECTED_ENVIRONMENTS.includes(env)),
    alarmTopicArn: d.optionalString('alarmTopicArn', {
      pattern: SNS_ARN,
      expected: 'expected an SNS topic ARN',
    }),
    apps,
  };
}

/** What a missing node group section parses to (its problem is already reported). */
const NO_NODES: NodeGroupConfig = {
  instanceTypes: [],
  minSize: 0,
  desiredSize: 0,
  maxSize: 0,
  diskSizeGiB: 0,
};

function parseNodes(c: FieldReader, key: string): NodeGroupConfig {
  const n = c.object(key);
  if (!n) return { ...NO_NODES };
  n.rejectUnknownKeys(['instanceTypes', 'minSize', 'desiredSize', 'maxSize', 'diskSizeGiB']);
  const minSize = n.integer('minSize', { min: 1, max: 100 });
  const desiredSize = n.integer('desiredSize', { min: 1, max: 100 });
  const maxSize = n.integer('maxSize', { min: 1, max: 100 });
  if (!(minSize <= desiredSize && desiredSize <= maxSize)) {
    n.report(n.path, { minSize, desiredSize, maxSize }, 'expected minSize <= desiredSize <= maxSize');
  }
  return {
    instanceTypes: n.stringList('instanceTypes', {
      pattern: EC2_TYPE,
      expected: 'expected an EC2 instance type such as t3.medium',
      min: 1,
      max: 10,
    }),
    minSize,
    desiredSize,
    maxSize,
    diskSizeGiB: n.integer('diskSizeGiB', { min: 20, max: 1000, fallback: 50 }),
  };
}

export function parseCluster(c: FieldReader | undefined): ClusterConfig {
  if (!c)
    return {
      adminRoleArn: '',
      publicEndpointCidrs: [],
      persistentNodes: { ...NO_NODES },
      ephemeralNodes: { ...NO_NODES },
    };
  c.rejectUnknownKeys(['adminRoleArn', 'publicEndpointCidrs', 'persistentNodes', 'ephemeralNodes']);
  return {
    adminRoleArn: c.string('adminRoleArn', { pattern: ROLE_ARN, expected: 'expected an IAM role ARN' }),
    publicEndpointCidrs: refuseWideCidrs(
      c,
      c
        .stringList('publicEndpointCidrs', {
          pattern: validCidr(CIDR_ANY),
          expected: 'expected an IPv4 CIDR such as 203.0.113.0/24 (0.0.0.0/0 is refused)',
          max: 40,
        })
        .filter((cidr, i) => {
          if (cidr.endsWith('/0')) {
            c.report(
              `${c.at('publicEndpointCidrs')}[${i}]`,
              cidr,
              'a public endpoint open to the whole internet is refused; list the CIDRs that need it',
            );
            return false;
          }
          return true;
        }),
    ),
    persistentNodes: parseNodes(c, 'persistentNodes'),
    ephemeralNodes: parseNodes(c, 'ephemeralNodes'),
  };
}

/** Reports a public endpoint allow-list that, however split, opens the endpoint to the internet. */
function refuseWideCidrs(c: FieldReader, cidrs: string[]): string[] {
  const problem = publicCidrsProblem(cidrs);
  if (problem) c.report(c.at('publicEndpointCidrs'), cidrs, problem);
  return cidrs;
}

/** The values that appear more than once. */
export function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const v of values) (seen.has(v) ? dups : seen).add(v);
  return [...dups];
}
