import { spawnSync } from 'node:child_process';
import { VERSIONS } from '../../lib/model/versions';
import { type HookStep, hookScript, shellQuote, tierHookManifests, tierSlug } from '../../tiers/hooks';
import type { Obj } from './fixture';

const sh = (script: string) => spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
const step = (id: string, script: string): HookStep => ({
  id,
  description: `${id} holds`,
  remedy: `fix ${id}`,
  script,
});

describe('shellQuote', () => {
  test.each(['plain', "it's", "'", '$HOME `id` "x" \\n', ''])('%j reaches the shell unchanged', (s) => {
    expect(sh(`printf %s ${shellQuote(s)}`).stdout).toBe(s);
  });
});

describe('hookScript', () => {
  test('runs every step, reports each, and passes when all pass', () => {
    const run = sh(hookScript([step('a', 'true'), step('b', 'exit 0')]));
    expect([run.status, run.stdout]).toEqual([0, 'check a: a holds\nok a\ncheck b: b holds\nok b\n']);
  });

  test('a failing step prints its remedy, the later steps still run, and the Job fails', () => {
    const run = sh(hookScript([step('a', 'false'), step('b', 'true'), step('c', 'exit 3')]));
    expect([run.status, run.stdout]).toEqual([
      1,
      'check a: a holds\nFAILED a: fix a\ncheck b: b holds\nok b\ncheck c: c holds\nFAILED c: fix c\n',
    ]);
  });

  test("a step's exit or variables stay in its subshell; quotes in descriptions and remedies are printed as written", () => {
    const run = sh(
      hookScript([
        { id: 'x', description: "it's `x`", remedy: "run 'y'", script: 'fail=0; exit 1' },
        step('y', 'true'),
      ]),
    );
    expect([run.status, run.stdout]).toEqual([
      1,
      "check x: it's `x`\nFAILED x: run 'y'\ncheck y: y holds\nok y\n",
    ]);
  });

  test('no steps: passes', () => {
    expect(sh(hookScript([])).status).toBe(0);
  });
});

describe('tierSlug', () => {
  test.each([
    [0, '0'],
    [1, '1'],
    [1.5, '1-5'],
    [3, '3'],
  ] as const)('tier %s -> %s', (tier, slug) => {
    expect(tierSlug(tier)).toBe(slug);
  });
});

describe('tierHookManifests', () => {
  const base = {
    tier: 1.5,
    kind: 'preflight',
    wave: 49,
    namespace: 'argocd',
    steps: [step('a', 'true')],
  } as const;
  const kinds = (objects: Obj[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);

  test('rendered: with reads, env and a secret', () => {
    expect(
      tierHookManifests({
        ...base,
        reads: [{ apiGroup: 'argoproj.io', resource: 'applications' }],
        env: { TARGET: 'https://grafana.example' },
        secretEnv: { PASSWORD: { secret: 'grafana-admin', key: 'password' } },
      }),
    ).toMatchSnapshot();
  });

  test('a hook that reads the API: its ServiceAccount, a read-only ClusterRole and binding, then the Job, all Sync hooks of its wave', () => {
    const objects = tierHookManifests({
      ...base,
      reads: [
        { apiGroup: '', resource: 'nodes' },
        { apiGroup: 'storage.k8s.io', resource: 'storageclasses' },
      ],
    }) as Obj[];
    expect(kinds(objects)).toEqual([
      'ServiceAccount/tier-1-5-preflight',
      'ClusterRole/goldenpath-tier-1-5-preflight',
      'ClusterRoleBinding/goldenpath-tier-1-5-preflight',
      'Job/tier-1-5-preflight',
    ]);
    const role = objects[1];
    expect(role.rules.map((r: Obj) => [r.apiGroups, r.resources, r.verbs])).toEqual([
      [[''], ['nodes'], ['get', 'list', 'watch']],
      [['storage.k8s.io'], ['storageclasses'], ['get', 'list', 'watch']],
    ]);
    expect(objects[2].subjects).toEqual([
      { apiGroup: '', kind: 'ServiceAccount', name: 'tier-1-5-preflight', namespace: 'argocd' },
    ]);
    for (const o of objects) {
      expect(o.metadata.annotations).toEqual({
        'argocd.argoproj.io/sync-wave': '49',
        'argocd.argoproj.io/hook': 'Sync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      });
      expect(o.metadata.labels['goldenpath.idp/tier']).toBe('1.5');
    }
    expect(objects[0].automountServiceAccountToken).toBe(true);
    expect(objects[3].spec.template.spec.automountServiceAccountToken).toBe(true);
  });

  test('a hook that reads nothing gets no RBAC and no API token', () => {
    const objects = tierHookManifests({ ...base, reads: [] }) as Obj[];
    expect(kinds(objects)).toEqual(['ServiceAccount/tier-1-5-preflight', 'Job/tier-1-5-preflight']);
    expect(objects[0].automountServiceAccountToken).toBe(false);
    expect(objects[1].spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(kinds(tierHookManifests(base) as Obj[])).toEqual(kinds(objects));
  });

  test('the Job: short deadline, no retry, non-root, read-only, the pinned checks image, the steps as its script', () => {
    const job = (tierHookManifests({ ...base, kind: 'acceptance', tier: 2, wave: 151 }) as Obj[])[1];
    expect(job.metadata).toMatchObject({ name: 'tier-2-acceptance', namespace: 'argocd' });
    expect(job.spec).toMatchObject({ activeDeadlineSeconds: 180, backoffLimit: 0 });
    const pod = job.spec.template.spec as Obj;
    expect(pod.securityContext).toMatchObject({ runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true });
    const container = (pod.containers as Obj[])[0];
    expect(container.image).toBe(VERSIONS.images.clusterChecks);
    expect(container.command).toEqual(['/bin/sh', '-c', hookScript(base.steps)]);
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
    });
  });

  test("secret values reach the Job's environment by reference only, never its manifest", () => {
    const job = (
      tierHookManifests({
        ...base,
        env: { TARGET: 'https://x' },
        secretEnv: { PASSWORD: { secret: 'grafana-admin', key: 'password' } },
      }) as Obj[]
    )[1];
    expect(job.spec.template.spec.containers[0].env).toEqual([
      { name: 'TARGET', value: 'https://x' },
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'password' } } },
    ]);
  });
});
