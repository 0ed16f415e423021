import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { parse } from 'yaml';
import { sharedTestApp } from '../util';

const ROOT = join(__dirname, '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');
const ACTIONS = join(ROOT, '.github', 'actions');

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}

interface CiFile {
  readonly path: string;
  readonly text: string;
  readonly steps: readonly Step[];
  /** `jobs.<id>.uses`: reusable workflows. */
  readonly jobUses: readonly string[];
  readonly doc: Record<string, unknown>;
}

function load(path: string): CiFile {
  const text = readFileSync(path, 'utf8');
  const doc = parse(text) as Record<string, unknown>;
  const jobs = Object.values((doc.jobs ?? {}) as Record<string, { steps?: Step[]; uses?: string }>);
  const actionSteps = ((doc.runs ?? {}) as { steps?: Step[] }).steps ?? [];
  return {
    path: path.slice(ROOT.length + 1),
    text,
    steps: [...jobs.flatMap((j) => j.steps ?? []), ...actionSteps],
    jobUses: jobs.flatMap((j) => (j.uses ? [j.uses] : [])),
    doc,
  };
}

const files: CiFile[] = [
  ...readdirSync(WORKFLOWS)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => load(join(WORKFLOWS, f))),
  ...readdirSync(ACTIONS).map((dir) => load(join(ACTIONS, dir, 'action.yml'))),
];
const scripts = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;
const runs = files.flatMap((f) => f.steps.flatMap((s) => (s.run ? [{ file: f.path, run: s.run }] : [])));

describe('GitHub workflows', () => {
  test('the four workflows of the CI design are there', () => {
    expect(files.map((f) => f.path).filter((p) => p.startsWith('.github/workflows/'))).toEqual(
      expect.arrayContaining(
        ['pull-request.yml', 'deploy.yml', 'ephemeral.yml', 'nightly.yml'].map(
          (f) => `.github/workflows/${f}`,
        ),
      ),
    );
  });

  test('every action is pinned by a full commit SHA with its version in a comment, or is local', () => {
    const uses = files.flatMap((f) => [
      ...f.steps.flatMap((s) => (s.uses ? [{ file: f.path, uses: s.uses }] : [])),
      ...f.jobUses.map((uses) => ({ file: f.path, uses })),
    ]);
    expect(uses.length).toBeGreaterThan(10);
    const bad = uses.filter(({ file, uses: u }) => {
      if (u.startsWith('./')) return !existsSync(join(ROOT, u));
      if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(u)) return true;
      const line = files
        .find((f) => f.path === file)!
        .text.split('\n')
        .find((l) => l.includes(u));
      return !/# v\d+\.\d+\.\d+\s*$/.test(line ?? '');
    });
    expect(bad).toEqual([]);
  });

  test('every npm script a workflow runs exists, and so does the file it runs', () => {
    const used = runs.flatMap(({ file, run }) =>
      [...run.matchAll(/\bnpm (?:run(?:-script)? |)([\w:-]+)/g)].map((m) => ({ file, script: m[1] })),
    );
    const names = used.map((u) => u.script).filter((s) => s !== 'ci'); // `npm ci` is npm's own
    expect(names).toEqual(expect.arrayContaining(['lint', 'typecheck', 'test', 'preflight']));
    const missing = used.filter((u) => u.script !== 'ci' && scripts[u.script] === undefined);
    expect(missing).toEqual([]);
    const targets = [...new Set(names)].flatMap((n) =>
      [...(scripts[n] ?? '').matchAll(/\b(bin\/[\w./-]+\.ts)\b/g)].map((m) => m[1]),
    );
    expect(targets.filter((t) => !existsSync(join(ROOT, t)))).toEqual([]);
  });

  test('every repository file a workflow runs or reads exists', () => {
    const paths = runs.flatMap(({ run }) =>
      [...run.matchAll(/(?:^|[\s"'])((?:\.ci|bin|config|lib)\/[\w./-]+\.\w+)/g)].map((m) => m[1]),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        '.ci/pull-request.sh',
        '.ci/tier-acceptance.sh',
        '.ci/reaper-report.sh',
        'config/environments.json',
      ]),
    );
    expect([...new Set(paths)].filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  test('the pull-request workflow and .ci/run run the same gates, through the same script', () => {
    const gates = (text: string) =>
      [
        ...text.matchAll(
          /^\s*(?:bash )?(npm (?:run [\w:]+|test)|\.ci\/pull-request\.sh|git diff --exit-code)/gm,
        ),
      ].map((m) => m[1]);
    const workflow = files.find((f) => f.path === '.github/workflows/pull-request.yml')!;
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    expect(gates(ci)).toEqual(gates(workflow.steps.map((s) => s.run ?? '').join('\n')));
    const script = readFileSync(join(ROOT, '.ci', 'pull-request.sh'), 'utf8');
    expect(script).toContain('for env in dev test staging prod; do');
    expect(script).toContain('CDK_VALIDATION=true npx cdk synth');
    expect(script).toContain('bash .ci/cfn-lint.sh');
    expect(script).toContain('npm run diff -- --base');
  });

  test('every cdk deploy and destroy names a stack the app defines', () => {
    const { app } = sharedTestApp({ buildId: 'pr-1' });
    const defined = app.node.children.filter((c) => c instanceof Stack).map((c) => c.node.id);
    const ids = runs.flatMap(({ run }) =>
      [...run.matchAll(/\bcdk (?:deploy|destroy) (\w+)/g)].map((m) => m[1]),
    );
    expect([...new Set(ids)].sort()).toEqual(['Ephemeral', 'Foundation', 'Persistent']);
    expect(ids.filter((id) => !defined.includes(id))).toEqual([]);
  });

  test("AWS access only through the Foundation's GitHub OIDC roles, each workflow its own, none chained", () => {
    const aws = files.flatMap((f) =>
      f.steps.filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@')),
    );
    expect(aws.length).toBeGreaterThan(0);
    const roles = aws.map((s) => String(s.with?.['role-to-assume']));
    const oidc =
      /^arn:aws:iam::\$\{\{ steps\.setup\.outputs\.account \}\}:role\/goldenpath-\$\{\{ [\w.-]+ \}\}-ci-(deploy|build|nightly)$/;
    expect(roles.filter((r) => !oidc.test(r))).toEqual([]);
    expect(aws.filter((s) => s.with?.['role-chaining'] !== undefined)).toEqual([]);
    const purposeOf = (file: string) =>
      files
        .find((f) => f.path === `.github/workflows/${file}`)!
        .steps.flatMap((s) =>
          s.with?.['role-to-assume'] ? [(s.with['role-to-assume'] as string).split('-ci-')[1]] : [],
        );
    expect(purposeOf('deploy-environment.yml')).toEqual(['deploy']);
    expect(purposeOf('ephemeral.yml')).toEqual(['build']);
    expect(purposeOf('nightly.yml')).toEqual(['nightly']);
    expect(
      files.filter((f) => /aws-access-key-id|aws-secret-access-key/.test(f.text)).map((f) => f.path),
    ).toEqual([]);
  });

  test('every workflow sets its token permissions; an OIDC token only where a job assumes an AWS role', () => {
    const workflows = files.filter((f) => f.path.startsWith('.github/workflows/'));
    expect(workflows.filter((f) => f.doc.permissions === undefined).map((f) => f.path)).toEqual([]);
    // Top level: read only, except the reusable deploy workflow, whose only job assumes the role.
    const topLevelIdToken = workflows.filter(
      (f) => (f.doc.permissions as Record<string, string>)['id-token'] !== undefined,
    );
    expect(topLevelIdToken.map((f) => f.path)).toEqual(['.github/workflows/deploy-environment.yml']);
    const pr = files.find((f) => f.path === '.github/workflows/pull-request.yml')!;
    expect(pr.text).not.toContain('id-token');
  });

  test('the ephemeral build is destroyed in a step that always runs', () => {
    const ephemeral = files.find((f) => f.path === '.github/workflows/ephemeral.yml')!;
    const destroy = ephemeral.steps.find((s) => s.run?.includes('cdk destroy Ephemeral'));
    expect(destroy).toEqual(expect.objectContaining({ if: 'always()' }));
  });

  test('each deploy job runs in the GitHub environment of its name (the OIDC subject the deploy role trusts)', () => {
    const reusable = files.find((f) => f.path === '.github/workflows/deploy-environment.yml')!;
    expect((reusable.doc.jobs as Record<string, { environment?: string }>).deploy.environment).toBe(
      '${{ inputs.env }}',
    );
    const ephemeral = files.find((f) => f.path === '.github/workflows/ephemeral.yml')!;
    expect((ephemeral.doc.jobs as Record<string, { environment?: string }>).ephemeral.environment).toBe(
      'ephemeral',
    );
    const deploy = files.find((f) => f.path === '.github/workflows/deploy.yml')!;
    const jobs = deploy.doc.jobs as Record<
      string,
      { environment?: string; needs?: string; with?: { env?: string } }
    >;
    expect(jobs.staging.needs).toBe('test');
    expect(jobs.prod.needs).toBe('staging');
    expect(Object.values(jobs).flatMap((j) => (j.with?.env ? [j.with.env] : []))).toEqual([
      'dev',
      'test',
      'staging',
      'prod',
    ]);
  });
});
