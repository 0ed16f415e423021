import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ciRoleName } from '../../../lib/model/ci-identities';
import { buildReaperLogGroupName } from '../../../lib/model/naming';
import { sharedTestApp, templateOf } from '../../util';
import { ACCOUNT, REGION, decide, roleOf } from '../iam-simulator';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Runs `.ci/reaper-report.sh` with an `aws` on PATH that answers `describe-stack-resources` with
 * `physicalIds` (what CloudFormation holds for the Foundation's resources), and records every
 * call's arguments, one call a line.
 */
function runReport(physicalIds: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'reaper-report-'));
  try {
    const calls = join(dir, 'calls');
    // The stub applies the script's query the simple way: the first resource of the asked type
    // whose logical id contains "Reaper".
    const answers = Object.entries(physicalIds)
      .map(([key, id]) => `*"'${key}'"*) echo '${id}' ;;`)
      .join('\n    ');
    writeFileSync(
      join(dir, 'aws'),
      [
        '#!/usr/bin/env bash',
        `printf '%s\\n' "$*" >> '${calls}'`,
        'case "$1 $2" in',
        '  "cloudformation describe-stack-resources")',
        '    case "$*" in',
        `    ${answers}`,
        '    *) echo None ;;',
        '    esac ;;',
        '  "logs filter-log-events") printf "reaped goldenpath-dev-b-pr-1\\tSTART RequestId: 1\\n" ;;',
        'esac',
      ].join('\n'),
    );
    chmodSync(join(dir, 'aws'), 0o755);
    const res = spawnSync('bash', ['.ci/reaper-report.sh', '--env', 'dev', '--region', REGION], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` },
    });
    let recorded: string[] = [];
    try {
      recorded = readFileSync(calls, 'utf8').trimEnd().split('\n');
    } catch {
      // no call made
    }
    return { code: res.status, stdout: res.stdout, stderr: res.stderr, calls: recorded };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the reaper report and the nightly role agree on the reaper log group', () => {
  const template = () => templateOf(sharedTestApp({ env: 'dev' }).foundation);

  test('the Foundation names the reaper log group with the function the nightly role reads', () => {
    const groups = Object.entries(template().findResources('AWS::Logs::LogGroup')).filter(([id]) =>
      id.includes('Reaper'),
    );
    expect(groups.map(([, r]) => (r.Properties as { LogGroupName: string }).LogGroupName)).toEqual([
      buildReaperLogGroupName('dev'),
    ]);
  });

  test('the script reads the group CloudFormation names, and the nightly role may read exactly that', async () => {
    // What CloudFormation returns as the physical id of a named log group is its name.
    const [[, group]] = Object.entries(template().findResources('AWS::Logs::LogGroup')).filter(([id]) =>
      id.includes('Reaper'),
    );
    const name = (group.Properties as { LogGroupName: string }).LogGroupName;
    const report = runReport({ 'AWS::Logs::LogGroup': name });

    expect({ code: report.code, stderr: report.stderr }).toEqual({ code: 0, stderr: '' });
    expect(report.stdout.split('\n').slice(0, 4)).toEqual([
      `### Reaper report: dev, last 24 hours (${name})`,
      '',
      '```',
      'reaped goldenpath-dev-b-pr-1',
    ]);
    const read = report.calls.find((c) => c.startsWith('logs filter-log-events'))!;
    const asked = /--log-group-name (\S+)/.exec(read)![1];
    expect(asked).toBe(name);

    const { policies } = roleOf(template(), { roleName: ciRoleName('dev', 'nightly') });
    const logGroup = (n: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${n}`;
    expect(await decide(policies, 'logs:FilterLogEvents', logGroup(asked))).toBe('Allowed');
    expect(await decide(policies, 'logs:FilterLogEvents', `${logGroup(asked)}:*`)).toBe('Allowed');
    // Not another environment's reaper, not any other log group of the account.
    for (const other of [buildReaperLogGroupName('test'), '/aws/lambda/goldenpath-dev-database-provisioner'])
      expect(await decide(policies, 'logs:FilterLogEvents', logGroup(other))).toBe('ImplicitlyDenied');
  });

  test('no reaper log group in the stack: a FAIL line and exit 1, no log read', () => {
    const report = runReport({});
    expect(report.code).toBe(1);
    expect(report.stderr.trim()).toBe(
      'FAIL no reaper log group (logical id containing "Reaper") in goldenpath-dev-foundation',
    );
    expect(report.calls.filter((c) => c.startsWith('logs '))).toEqual([]);
  });
});
