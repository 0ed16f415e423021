import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { Template } from 'aws-cdk-lib/assertions';

/** The account and region the committed dev config deploys to. */
export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-2';

type Json = unknown;
export type Resources = Record<string, { Type: string; Properties?: Record<string, Json> }>;

/** Resolves the intrinsics these templates use in IAM documents to concrete strings. */
export function resolver(resources: Resources) {
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': REGION,
    'AWS::AccountId': ACCOUNT,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const resolve = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(resolve);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, Json>;
    if ('Ref' in o) {
      const ref = o.Ref as string;
      if (pseudo[ref]) return pseudo[ref];
      const r = resources[ref];
      if (r?.Type === 'AWS::IAM::OIDCProvider')
        return `arn:aws:iam::${ACCOUNT}:oidc-provider/${String(r.Properties!.Url).replace('https://', '')}`;
      if (r?.Type === 'AWS::SecretsManager::SecretTargetAttachment') return resolve(r.Properties!.SecretId);
      if (r?.Type === 'AWS::SecretsManager::Secret')
        return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${r.Properties!.Name as string}-AbCdEf`;
      if (r?.Type === 'AWS::IAM::ManagedPolicy')
        return `arn:aws:iam::${ACCOUNT}:policy/${r.Properties!.ManagedPolicyName as string}`;
      return `arn:aws:iam::${ACCOUNT}:ref/${ref}`;
    }
    if ('Fn::GetAtt' in o) return `arn:aws:iam::${ACCOUNT}:getatt/${(o['Fn::GetAtt'] as string[]).join('.')}`;
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, Json[]];
      return parts.map((p) => String(resolve(p))).join(sep);
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x)]));
  };
  return resolve;
}

/** One role of a template: its trust policy, identity policies and permissions boundary, resolved. */
export interface RolePolicies {
  readonly trust: Json;
  readonly policies: Json[];
  readonly boundary?: string;
}

/** The role named `roleName` (its `RoleName`) or with logical id `id`, its policies resolved. */
export function roleOf(template: Template, match: { roleName?: string; id?: string }): RolePolicies {
  const resources = template.toJSON().Resources as Resources;
  const resolve = resolver(resources);
  const entry = Object.entries(resources).find(
    ([id, r]) =>
      r.Type === 'AWS::IAM::Role' &&
      (id === match.id || (match.roleName !== undefined && r.Properties?.RoleName === match.roleName)),
  );
  if (!entry) throw new Error(`no role ${JSON.stringify(match)} in the template`);
  const [id, role] = entry;
  const p = role.Properties!;
  const inline = ((p.Policies as { PolicyDocument: Json }[] | undefined) ?? []).map((x) => x.PolicyDocument);
  const attached = Object.values(resources)
    .filter(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties!.Roles).includes(`"Ref":"${id}"`),
    )
    .map((r) => r.Properties!.PolicyDocument);
  const managed = ((p.ManagedPolicyArns as Json[] | undefined) ?? []).flatMap((m) =>
    typeof m === 'object' && m !== null && 'Ref' in m
      ? [resources[(m as { Ref: string }).Ref].Properties!.PolicyDocument]
      : [],
  );
  return {
    trust: resolve(p.AssumeRolePolicyDocument),
    policies: [...inline, ...attached, ...managed].map(resolve),
    boundary: p.PermissionsBoundary === undefined ? undefined : String(resolve(p.PermissionsBoundary)),
  };
}

/** The policy document of the managed policy named `name` in a template, resolved. */
export function managedPolicyOf(template: Template, name: string): Json {
  const resources = template.toJSON().Resources as Resources;
  const found = Object.values(resources).find(
    (r) => r.Type === 'AWS::IAM::ManagedPolicy' && r.Properties?.ManagedPolicyName === name,
  );
  if (!found) throw new Error(`no managed policy ${name} in the template`);
  return resolver(resources)(found.Properties!.PolicyDocument);
}

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/**
 * Whether identity `policies` (and an optional boundary) allow `action` on `resource`. Fails the
 * test when the simulator ignored a context key it was given: a condition it cannot evaluate
 * would otherwise pass or fail silently.
 */
export async function decide(
  policies: Json[],
  action: string,
  resource: string,
  context: Record<string, string | string[]> = {},
  extra: { boundary?: Json; resourcePolicy?: Json; principal?: string } = {},
): Promise<Decision> {
  const res = await runSimulation(
    {
      identityPolicies: policies.map((policy, i) => ({ name: `p${i}`, policy })),
      permissionBoundaryPolicies: extra.boundary ? [{ name: 'boundary', policy: extra.boundary }] : undefined,
      resourcePolicy: extra.resourcePolicy,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        action,
        principal: extra.principal ?? `arn:aws:iam::${ACCOUNT}:role/simulated`,
        resource: { accountId: ACCOUNT, resource },
        contextVariables: context,
      },
    },
    {},
  );
  if (res.resultType === 'error') throw new Error(`${action} ${resource}: ${JSON.stringify(res.errors)}`);
  const ignored = res.resultType === 'single' ? (res.result.ignoredContextKeys ?? []) : [];
  if (ignored.length > 0)
    throw new Error(`${action} ${resource}: the simulator ignored ${ignored.join(', ')}`);
  return res.overallResult;
}

const GITHUB = 'token.actions.githubusercontent.com';

/**
 * Whether a GitHub Actions job with OIDC subject `sub` may assume a role with `trust`. The
 * simulator does not know GitHub's condition keys (it ignores them, and `decide` would refuse),
 * so both sides name them as principal tags instead: the same string comparison, evaluated.
 */
export function mayAssume(trust: Json, sub: string): Promise<Decision> {
  const renamed = JSON.parse(
    JSON.stringify(trust)
      .replaceAll(`${GITHUB}:sub`, 'aws:PrincipalTag/github-sub')
      .replaceAll(`${GITHUB}:aud`, 'aws:PrincipalTag/github-aud'),
  ) as Json;
  return decide(
    [],
    'sts:AssumeRoleWithWebIdentity',
    `arn:aws:iam::${ACCOUNT}:role/target`,
    { 'aws:PrincipalTag/github-sub': sub, 'aws:PrincipalTag/github-aud': 'sts.amazonaws.com' },
    { resourcePolicy: renamed, principal: `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB}` },
  );
}
