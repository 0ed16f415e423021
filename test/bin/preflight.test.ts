import { CreateBucketCommand, DeleteBucketCommand } from '@aws-sdk/client-s3';
import { runCliAgainstMoto } from '../support/cli';
import { type Moto } from '../support/moto';
import { useMoto } from '../support/services';
import { type SeededFoundation, devConfig, motoClients, seedFoundation } from '../lib/ops/preflight/seed';

const BAD_BUILD_ID =
  'Invalid build id: --build-id PR_1: allowed are lower-case letters, digits and single hyphens, starting and ending with a letter or digit (for example 26-01-23-01 or pr-123)';

/** Runs the preflight CLI against moto; output as lines. */
function preflight(moto: Moto, ...args: string[]) {
  const res = runCliAgainstMoto('bin/preflight.ts', moto, args);
  return { code: res.code, stdout: res.stdout.trimEnd().split('\n'), stderr: res.stderr };
}

describe('npm run preflight', () => {
  const moto = useMoto();
  // The seeded Foundation is shared: seeded by the first test that needs it, put back by a test
  // that breaks it, and forgotten by the test that empties the account.
  let foundation: Promise<SeededFoundation> | undefined;
  const seeded = () => (foundation ??= seedFoundation(devConfig(), motoClients(moto, 'eu-west-2')));
  const undo: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of undo.splice(0).reverse()) await step();
  });

  test('an all-green account: one line per check, a summary, exit 0', async () => {
    const { zoneId } = await seeded();
    const { code, stdout } = preflight(moto, '--env', 'dev', '--build-id', 'pr-123');
    expect(stdout).toEqual([
      'preflight dev (eu-west-2) for an ephemeral build pr-123 up to tier 1.5',
      'PASS contract-parameters: Foundation contract parameters /goldenpath/dev/foundation/v1/* are published (37 parameters)',
      'PASS contract-version: Foundation contract /goldenpath/dev/foundation/v1/schema-version is the version this app reads (version 1)',
      `PASS hosted-zone: hosted zone dev.goldenpathidp.io exists (zone ${zoneId})`,
      '3 checks: all passed',
    ]);
    expect(code).toBe(0);
  });

  test('a missing bucket at tier 2: its FAIL line, exit 1, and --json parses', async () => {
    const clients = motoClients(moto, 'eu-west-2');
    const { bucket } = await seeded();
    undo.push(() =>
      clients.s3.send(
        new CreateBucketCommand({
          Bucket: bucket,
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-2' },
        }),
      ),
    );
    await clients.s3.send(new DeleteBucketCommand({ Bucket: bucket }));

    const text = preflight(moto, '--env', 'dev', '--max-tier', '2');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      'FAIL log-bucket: log bucket exists: bucket goldenpath-dev-foundation-logs-111111111111 (from the contract) does not exist; fix: deploy the Foundation first: npx cdk deploy Foundation -c env=dev',
    );
    expect(text.stdout.at(-1)).toBe('9 checks: 8 passed, 1 failed');

    const json = preflight(moto, '--env', 'dev', '--max-tier', '2', '--json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout.join('\n')) as {
      ok: boolean;
      failed: number;
      results: { id: string; status: string }[];
    };
    expect({
      ok: report.ok,
      failed: report.failed,
      failing: report.results.filter((r) => r.status === 'fail').map((r) => r.id),
    }).toEqual({
      ok: false,
      failed: 1,
      failing: ['log-bucket'],
    });
  });

  test('a Foundation that was never deployed: exit 1 and what to do', async () => {
    await moto.reset();
    foundation = undefined;
    const { code, stdout } = preflight(moto, '--env', 'dev');
    expect(code).toBe(1);
    expect(stdout[1]).toBe(
      'FAIL contract-parameters: Foundation contract parameters /goldenpath/dev/foundation/v1/* are published: no parameters under /goldenpath/dev/foundation/v1/; fix: deploy the Foundation first: npx cdk deploy Foundation -c env=dev',
    );
    expect(stdout.at(-1)).toBe('17 checks: 0 passed, 17 failed');
  });

  // Every bad input is checked in-process, through the command's own parsing and error message
  // (test/lib/ops/preflight/cli.test.ts): spawning the command costs a third of a second of CPU.
  test('bad input end to end: the message alone on stderr, nothing on stdout, exit 2', () => {
    const { code, stdout, stderr } = preflight(moto, '--env', 'dev', '--build-id', 'PR_1');
    expect({ code, stdout, lastLine: stderr.trimEnd().split('\n').at(-1) }).toEqual({
      code: 2,
      stdout: [''],
      lastLine: BAD_BUILD_ID,
    });
  });
});
