import { CloudFormationClient, CreateStackCommand, DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { readEnvironmentsFile } from '../../bin/environments-file';
import { contractParameterName } from '../../lib/model/naming';
import { runSweepCommand, sweepFailure } from '../../lib/ops/teardown/sweep-command';
import { runCliAgainstMoto, runCommand } from '../support/cli';
import { MOTO_CREDENTIALS, type Moto } from '../support/moto';
import { useMoto } from '../support/services';
import { seedBuildLeftovers, sweeperClients } from '../lib/ops/teardown/seed';

function sweepCli(moto: Moto, ...args: string[]) {
  return runCliAgainstMoto('bin/sweep.ts', moto, args);
}

/**
 * The command as bin/sweep.ts runs it, in-process, with clients for moto: spawning it costs a third
 * of a second of CPU, so only the tests of its wiring (exit codes, output streams) spawn it.
 */
function sweepCommand(moto: Moto, ...args: string[]) {
  return runCommand(
    (output) =>
      runSweepCommand(args, {
        readEnvironments: readEnvironmentsFile,
        clients: (region) => {
          const options = { endpoint: moto.endpoint, region, credentials: MOTO_CREDENTIALS, maxAttempts: 1 };
          return {
            ssm: new SSMClient(options),
            cloudFormation: new CloudFormationClient(options),
            route53: new Route53Client(options),
            elbv2: new ElasticLoadBalancingV2Client(options),
            ec2: new EC2Client(options),
          };
        },
        // A line each, as console.log writes it.
        out: (line) => output.out(`${line}\n`),
        err: output.err,
      }),
    sweepFailure,
  );
}

describe('npm run sweep', () => {
  const moto = useMoto();
  // Tests that only read the build's leftovers share one seed (a test that adds to it takes that
  // away again); tests that sweep or need an empty account start from a reset of their own.
  let shared: ReturnType<typeof seed> | undefined;
  const undo: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of undo.splice(0).reverse()) await step();
  });
  const leftovers = () => (shared ??= empty().then(seed));
  async function freshLeftovers() {
    await empty();
    return seed();
  }
  async function empty() {
    shared = undefined;
    await moto.reset();
  }

  const motoOptions = () => ({
    endpoint: moto.endpoint,
    region: 'eu-west-2',
    credentials: MOTO_CREDENTIALS,
    maxAttempts: 1,
  });

  async function seed() {
    const clients = sweeperClients(moto);
    const { zoneId } = await seedBuildLeftovers(clients);
    const ssm = new SSMClient(motoOptions());
    await ssm.send(
      new PutParameterCommand({
        Name: contractParameterName('dev', 'zone/id'),
        Value: zoneId,
        Type: 'String',
      }),
    );
    const records = async () =>
      (await clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId })))
        .ResourceRecordSets!.map((r) => r.Name!)
        .filter((n) => n.includes('pr-1'))
        .sort();
    return { records };
  }

  test('--dry-run lists what would go and deletes nothing', async () => {
    const { records } = await leftovers();
    const before = await records();
    const { code, stdout } = await sweepCommand(moto, '--env', 'dev', '--build-id', 'pr-1', '--dry-run');
    expect(stdout.split('\n')[0]).toMatch(
      /^sweep b-pr-1\.dev\.goldenpathidp\.io in zone \w+ and resources tagged for goldenpath-dev-b-pr-1 \(dry run\)$/,
    );
    expect(code).toBe(0);
    expect(await records()).toEqual(before);
  });

  test("deletes the build's records, leaves the look-alikes, exits 0; a second run finds nothing", async () => {
    const { records } = await freshLeftovers();
    expect(sweepCli(moto, '--env', 'dev', '--build-id', 'pr-1').code).toBe(0);
    expect(await records()).toEqual([
      'argocd.b-pr-10.dev.goldenpathidp.io.',
      'argocd.xb-pr-1.dev.goldenpathidp.io.',
      'b-pr-1.dev.goldenpathidp.io.other.dev.goldenpathidp.io.',
    ]);
    const again = await sweepCommand(moto, '--env', 'dev', '--build-id', 'pr-1');
    expect(again.code).toBe(0);
    expect(await records()).toHaveLength(3);
  });

  async function liveStack() {
    const cfn = new CloudFormationClient(motoOptions());
    undo.push(() => cfn.send(new DeleteStackCommand({ StackName: 'goldenpath-dev-b-pr-1' })));
    await cfn.send(
      new CreateStackCommand({
        StackName: 'goldenpath-dev-b-pr-1',
        TemplateBody: JSON.stringify({
          Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
        }),
      }),
    );
  }

  test("refuses while the build's stack exists, deletes nothing, exits 1", async () => {
    const { records } = await leftovers();
    await liveStack();
    const before = await records();
    const { code, stderr } = await sweepCommand(moto, '--env', 'dev', '--build-id', 'pr-1');
    expect(code).toBe(1);
    expect(stderr.split('\n').filter((l) => l.startsWith('refusing'))).toEqual([
      'refusing to sweep: stack goldenpath-dev-b-pr-1 exists (CREATE_COMPLETE); delete it (npx cdk destroy Ephemeral -c buildId=pr-1), which sweeps, or pass --force to sweep what it still uses',
    ]);
    expect(await records()).toEqual(before);
  });

  test('--force with a live stack says what it would delete first, then deletes it', async () => {
    const { records } = await freshLeftovers();
    await liveStack();
    const { code, stdout } = await sweepCommand(moto, '--env', 'dev', '--build-id', 'pr-1', '--force');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.slice(1, 3)).toEqual([
      '--force: stack goldenpath-dev-b-pr-1 exists (CREATE_COMPLETE); this is what goes:',
      expect.stringMatching(/^would delete 4 record sets: /) as unknown,
    ]);
    expect(lines.findIndex((l) => l.startsWith('deleted 4 record sets'))).toBeGreaterThan(2);
    expect(await records()).toHaveLength(3);
  });

  test('without the Foundation contract it says what is missing and exits 1', async () => {
    await empty();
    const { code, stderr } = await sweepCommand(moto, '--env', 'dev', '--build-id', 'pr-1');
    expect(code).toBe(1);
    // (the AWS SDK may print a Node version notice first)
    expect(stderr.split('\n').filter((l) => l.startsWith('cannot read '))).toEqual([
      expect.stringMatching(/^cannot read \/goldenpath\/dev\/foundation\/v1\/zone\/id: .+; /),
    ]);
  });

  test('a bad build id is refused with exit 2 and no stack trace', () => {
    const { code, stderr } = sweepCli(moto, '--env', 'dev', '--build-id', 'PR_1');
    expect(code).toBe(2);
    expect(stderr).toBe(
      'Invalid build id: --build-id PR_1: allowed are lower-case letters, digits and single hyphens, starting and ending with a letter or digit (for example 26-01-23-01 or pr-123)\n',
    );
  });
});
