import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { INGRESS_POLICY, TIER_POLICY } from '../../tiers/guard';
import { BUILD_ID, type Obj, renderTiers } from './fixture';

const SUFFIX = `b-${BUILD_ID}.dev.goldenpathidp.io`;

/** The guard of a build at its maxTier, rendered once for the file. */
let guard: Obj[] | undefined;

/** A policy of the guard and the objects submitted to it. */
interface Request {
  readonly policy: Obj;
  readonly objects: readonly Obj[];
}

/** Answers of this file, by their request's JSON: CEL evaluation is a pure function of it. */
const answers = new Map<string, string[][]>();

function request(policyName: string, objects: readonly Obj[], mutate: (p: Obj) => Obj = (p) => p): Request {
  guard ??= renderTiers('ephemeral', 1.5).guard as Obj[];
  const policy = mutate(
    guard.find((o) => o.kind === 'ValidatingAdmissionPolicy' && o.metadata.name === policyName)!,
  );
  return { policy, objects };
}

/**
 * Evaluates the requests not answered yet in one process (loading the CEL library is most of its
 * time): the file's `beforeAll` passes every request its tests make.
 */
function evaluate(requests: readonly Request[]): void {
  const missing = [...new Set(requests.map((r) => JSON.stringify(r)).filter((key) => !answers.has(key)))];
  if (missing.length === 0) return;
  const run = spawnSync(process.execPath, [join(__dirname, '..', 'support', 'admission-policy.mjs')], {
    input: `[${missing.join(',')}]`,
    encoding: 'utf8',
  });
  if (run.status !== 0 || !run.stdout) throw new Error(`CEL evaluation failed: ${run.stderr}`);
  const results = JSON.parse(run.stdout) as string[][][];
  if (results.length !== missing.length) {
    throw new Error(`CEL evaluation returned ${results.length} answers for ${missing.length} requests`);
  }
  missing.forEach((key, i) => answers.set(key, results[i]));
}

/** What the API server would answer each object: the messages of the validations that deny it. */
function admit(policyName: string, objects: readonly Obj[], mutate?: (p: Obj) => Obj): string[][] {
  const r = request(policyName, objects, mutate);
  evaluate([r]);
  return answers.get(JSON.stringify(r))!;
}

interface Backend {
  readonly number?: number;
  readonly name?: string;
}

/** An Ingress of `className` (or of the legacy annotation) with one host and one backend port. */
function ingress(
  host: string,
  port: Backend = { number: 8000 },
  className: { spec?: string; annotation?: string } = { spec: 'kong' },
): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'test',
      namespace: 'kong',
      ...(className.annotation
        ? { annotations: { 'kubernetes.io/ingress.class': className.annotation } }
        : {}),
    },
    spec: {
      ...(className.spec ? { ingressClassName: className.spec } : {}),
      rules: [
        {
          host,
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'kong-kong', port } } }],
          },
        },
      ],
      tls: [{ hosts: [host], secretName: 'tls' }],
    },
  };
}

const ADMIN_HOST = `Ingress test: no *-admin or *-manager host on the public class kong; use kubectl port-forward`;
const ADMIN_PORT = `Ingress test: no admin port (8001, 8444, 8002, 8445, or a port named *admin*/*manager*) behind the public class kong`;
const OUTSIDE = [
  `Ingress test: every rule host must end in .${SUFFIX}`,
  `Ingress test: every TLS host must end in .${SUFFIX}`,
];

const REFUSED: [string, Obj, string[]][] = [
  ['an admin host on the public class', ingress(`kong-admin.${SUFFIX}`), [ADMIN_HOST]],
  [
    'a manager host on the public class by annotation',
    ingress(`kong-manager.${SUFFIX}`, undefined, { annotation: 'kong' }),
    [ADMIN_HOST],
  ],
  ['the Admin API port behind the public class', ingress(`api.${SUFFIX}`, { number: 8001 }), [ADMIN_PORT]],
  ['the Admin API TLS port', ingress(`api.${SUFFIX}`, { number: 8444 }), [ADMIN_PORT]],
  ['a port named for the admin API', ingress(`api.${SUFFIX}`, { name: 'kong-admin-tls' }), [ADMIN_PORT]],
  ['both at once', ingress(`kong-admin.${SUFFIX}`, { number: 8002 }), [ADMIN_HOST, ADMIN_PORT]],
  ['a host outside the build', ingress('argocd.dev.goldenpathidp.io'), OUTSIDE],
  ['a host of another domain', ingress('evil.example.com'), OUTSIDE],
  ['a host that only ends like the suffix', ingress(`x${SUFFIX}`), OUTSIDE],
];

const ADMITTED: [string, Obj][] = [
  ['a service host on the public class', ingress(`argocd.${SUFFIX}`, { name: 'https' })],
  ['a proxy port on the public class', ingress(`backstage.${SUFFIX}`, { number: 8000 })],
  ['an admin host on another class', ingress(`kong-admin.${SUFFIX}`, { number: 8001 }, { spec: 'internal' })],
  ['an admin port with no class (not the public one)', ingress(`api.${SUFFIX}`, { number: 8444 }, {})],
  ['a host named admin but not *-admin', ingress(`admin.${SUFFIX}`)],
];

/** An Ingress without rules, with an admin default backend on the public class. */
const NO_RULES: Obj = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'test' },
  spec: {
    ingressClassName: 'kong',
    defaultBackend: { service: { name: 'kong-kong', port: { number: 8445 } } },
  },
};

/** An Ingress behind the public class to a port named for the admin API. */
const ADMIN_NAMED_PORT = ingress(`api.${SUFFIX}`, { name: 'kong-admin-tls' });

/** The guard's policy with the admin port rule weakened to match nothing. */
const weakened = (p: Obj): Obj =>
  JSON.parse(JSON.stringify(p).replaceAll("matches('admin|manager')", "matches('nothing-at-all')")) as Obj;

/** The guard's policy with a variable that does not parse. */
const broken = (p: Obj): Obj => JSON.parse(JSON.stringify(p).replace("'.b-", "'.b-' +")) as Obj;

const application = (tier?: string): Obj => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'x', ...(tier === undefined ? {} : { labels: { 'goldenpath.idp/tier': tier } }) },
});
const APPLICATIONS = ['0', '1', '1.5', undefined, '2', '3', '9'].map(application);

describe('the admission guard, evaluated as the API server would (CEL)', () => {
  // Every request below, evaluated in one process.
  beforeAll(() => {
    evaluate([
      ...[...REFUSED, ...ADMITTED, ['', NO_RULES] as const].map(([, object]) =>
        request(INGRESS_POLICY, [object]),
      ),
      request(INGRESS_POLICY, [ADMIN_NAMED_PORT], weakened),
      request(INGRESS_POLICY, [ADMIN_NAMED_PORT], broken),
      request(TIER_POLICY, APPLICATIONS),
    ]);
  });

  test.each(REFUSED)('refused: %s', (_, object, messages) => {
    expect(admit(INGRESS_POLICY, [object])).toEqual([messages]);
  });

  test.each(ADMITTED)('admitted: %s', (_, object) => {
    expect(admit(INGRESS_POLICY, [object])).toEqual([[]]);
  });

  test('an Ingress without rules, with an admin default backend on the public class, is refused', () => {
    expect(admit(INGRESS_POLICY, [NO_RULES])).toEqual([[ADMIN_PORT]]);
  });

  test('the evaluation is real: a policy whose rule is weakened admits what the real one refuses', () => {
    expect(admit(INGRESS_POLICY, [ADMIN_NAMED_PORT], weakened)).toEqual([[]]);
    expect(admit(INGRESS_POLICY, [ADMIN_NAMED_PORT], broken)[0][0]).toMatch(/^error in variables: /);
  });

  test('a build refuses Applications above its maxTier 1.5, and admits the rest', () => {
    expect(admit(TIER_POLICY, APPLICATIONS)).toEqual([
      [],
      [],
      [],
      [],
      ['Application x: tier 2 is above this cluster maxTier 1.5'],
      ['Application x: tier 3 is above this cluster maxTier 1.5'],
      ['Application x: tier 9 is above this cluster maxTier 1.5'],
    ]);
  });
});
