import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARGOCD_SERVER_URL, KEYCLOAK_TOKEN_URL, oidcLoginStep } from '../../../tiers/tier3/oidc-login';
import { type Obj, helmValues, renderTiers, renderedApplication } from '../fixture';
import { describeWithJq } from '../with-jq';

const ISSUER = 'https://keycloak.dev.goldenpathidp.io/realms/goldenpath';

/**
 * Runs the step's script with a `curl` that answers from the environment (and logs its arguments)
 * and the real `jq`, as the acceptance Job would run it.
 */
function run(answers: { token?: string; userinfo?: string; applications?: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'oidc-login-'));
  try {
    const fake = join(dir, 'curl');
    writeFileSync(
      fake,
      [
        '#!/bin/sh',
        `printf '%s\\n' "$*" >> ${dir}/calls`,
        'case "$*" in',
        `  *${KEYCLOAK_TOKEN_URL}*) [ -n "$FAKE_TOKEN" ] || exit 22; printf '%s' "$FAKE_TOKEN" ;;`,
        '  */api/v1/session/userinfo*) printf \'%s\' "$FAKE_USERINFO" ;;',
        '  */api/v1/applications*) printf \'%s\' "$FAKE_APPLICATIONS" ;;',
        '  *) exit 7 ;;',
        'esac',
      ].join('\n'),
    );
    chmodSync(fake, 0o755);
    const result = spawnSync('/bin/sh', ['-c', oidcLoginStep().script], {
      encoding: 'utf8',
      env: {
        PATH: `${dir}:/usr/bin:/bin`,
        OIDC_ACCEPTANCE_CLIENT_SECRET: 'client&secret',
        OIDC_ACCEPTANCE_PASSWORD: 'pass word',
        FAKE_TOKEN: answers.token ?? '',
        FAKE_USERINFO: answers.userinfo ?? '',
        FAKE_APPLICATIONS: answers.applications ?? '',
      },
    });
    let calls: string[] = [];
    try {
      calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
    } catch {
      // no call made
    }
    return { status: result.status, calls, output: result.stdout + result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TOKEN = JSON.stringify({ id_token: 'eyJ.id.token', access_token: 'eyJ.access' });
const SIGNED_IN = JSON.stringify({ loggedIn: true, username: 'goldenpath-acceptance', iss: ISSUER });
const APPLICATIONS = JSON.stringify({ items: [{ metadata: { name: 'goldenpath-root' } }] });

describeWithJq()('oidc-login: the tier 3 acceptance proves a realm sign-in to ArgoCD end to end', () => {
  test('passes when the realm issues an ID token that ArgoCD takes as a signed-in, permitted session', () => {
    const { status, calls, output } = run({ token: TOKEN, userinfo: SIGNED_IN, applications: APPLICATIONS });
    expect(output).toBe('');
    expect(status).toBe(0);
    expect(calls).toEqual([
      `-fsS --max-time 10 -d grant_type=password -d scope=openid -d client_id=goldenpath-acceptance --data-urlencode client_secret=client&secret -d username=goldenpath-acceptance --data-urlencode password=pass word ${KEYCLOAK_TOKEN_URL}`,
      `-fsS --max-time 10 -H Authorization: Bearer eyJ.id.token ${ARGOCD_SERVER_URL}/api/v1/session/userinfo`,
      `-fsS --max-time 10 -H Authorization: Bearer eyJ.id.token ${ARGOCD_SERVER_URL}/api/v1/applications`,
    ]);
  });

  test.each([
    ['the realm refuses the password grant', { userinfo: SIGNED_IN, applications: APPLICATIONS }],
    ['the realm answers without an ID token', { token: '{"access_token":"x"}', userinfo: SIGNED_IN }],
    [
      'ArgoCD does not take the token (not signed in)',
      { token: TOKEN, userinfo: '{"loggedIn":false}', applications: APPLICATIONS },
    ],
    [
      'the session is ArgoCD’s own, not the realm’s',
      { token: TOKEN, userinfo: '{"loggedIn":true,"iss":"argocd"}', applications: APPLICATIONS },
    ],
    [
      'the user’s groups grant no role (no Application listed)',
      { token: TOKEN, userinfo: SIGNED_IN, applications: '{"items":null}' },
    ],
  ])('fails when %s', (_name, answers) => {
    expect(run(answers).status).not.toBe(0);
  });
});

describe('oidc-login: credentials', () => {
  test('the acceptance Job reads the credentials from Secrets that oidc-config delivers to argocd', () => {
    const job = renderTiers('persistent', 3).hooks.find(
      (o: Obj) => o.kind === 'Job' && o.metadata.name === 'tier-3-acceptance',
    ) as Obj;
    const env = job.spec.template.spec.containers[0].env as Obj[];
    expect(env).toEqual([
      {
        name: 'OIDC_ACCEPTANCE_CLIENT_SECRET',
        valueFrom: { secretKeyRef: { name: 'oidc-goldenpath-acceptance', key: 'client-secret' } },
      },
      {
        name: 'OIDC_ACCEPTANCE_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'oidc-acceptance-user', key: 'password' } },
      },
    ]);
    expect(job.metadata.namespace).toBe('argocd');
    const delivered = (helmValues(renderedApplication('persistent', 3, 'oidc-config')).resources as Obj[])
      .filter((o) => o.kind === 'ExternalSecret' && o.metadata.namespace === 'argocd')
      .map((o) => [o.metadata.name, o.spec.dataFrom[0].extract.key]);
    expect(delivered).toEqual([
      ['oidc-argocd', 'goldenpath/dev/oidc/argocd'],
      ['oidc-goldenpath-acceptance', 'goldenpath/dev/oidc/goldenpath-acceptance'],
      ['oidc-acceptance-user', 'goldenpath/dev/oidc/acceptance-user'],
      // The break-glass admin's hash, into argocd-secret (see argocd-admin.test.ts).
      ['argocd-admin', 'goldenpath/dev/argocd/admin'],
    ]);
  });
});
