import { Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { NO_EPHEMERAL_NOTE } from '../../../lib/stacks/app-builder';
import { ClusterStack, NO_BUILD_ID_MESSAGE } from '../../../lib/stacks/cluster-stack';
import { BOOTSTRAP_CONFIGMAP } from '../../../tiers/tier0/bootstrap-config-map';
import { parseBuildId } from '../../../lib/model/build-id';
import type { EnvironmentName } from '../../../lib/model/config';
import { ciDeployRoleName } from '../../../lib/model/naming';
import { measureTemplate } from '../../../lib/ops/template-graph';
import { VERSIONS } from '../../../lib/model/versions';
import { buildTestApp, envConfig, rawConfig, testApp } from '../../util';

interface CfnResource {
  readonly Properties: Record<string, unknown>;
  readonly DependsOn?: string[];
}
/** The resources of one type, typed for property access. */
function resources(t: Template, type: string): [string, CfnResource][] {
  return Object.entries(t.findResources(type) as Record<string, CfnResource>);
}

type Built = ReturnType<typeof buildTestApp>;
const built = new Map<string, Built>();
/** One synthesized app per environment and build id (templates are only read, never changed). */
function app(env: EnvironmentName = 'dev', buildId: string | null = 'pr-123'): Built {
  const key = `${env}/${buildId}`;
  if (!built.has(key))
    built.set(key, buildTestApp({ env, buildId: buildId ?? undefined }, buildsAllowed(env)));
  return built.get(key)!;
}
/** The committed config with builds allowed in `env` too (prod-sized builds are tested here). */
function buildsAllowed(env: EnvironmentName) {
  const raw = rawConfig();
  raw.environments[env].allowBuilds = true;
  return raw;
}
function template(lifecycle: 'persistent' | 'ephemeral', env: EnvironmentName = 'dev'): Template {
  const a = app(env);
  return Template.fromStack(lifecycle === 'ephemeral' ? a.ephemeral! : a.persistent);
}

describe('which stacks a synth makes', () => {
  test('without a build id: Foundation and Persistent, and a note on how to get Ephemeral', () => {
    const { app: cdkApp, notes, ephemeral } = app('dev', null);
    expect(cdkApp.node.children.map((c) => c.node.id).filter((id) => /^[A-Z]/.test(id))).toEqual([
      'Foundation',
      'Persistent',
    ]);
    expect(ephemeral).toBeUndefined();
    expect(notes).toEqual([NO_EPHEMERAL_NOTE]);
    expect(NO_EPHEMERAL_NOTE).toContain('npx cdk deploy Ephemeral -c buildId=');
  });

  test('with a build id: all three, with their stack names', () => {
    const { foundation, persistent, ephemeral, notes } = app('dev', 'pr-123');
    expect([foundation.stackName, persistent.stackName, ephemeral?.stackName]).toEqual([
      'goldenpath-dev-foundation',
      'goldenpath-dev-persistent',
      'goldenpath-dev-b-pr-123',
    ]);
    expect(notes).toEqual([]);
  });
});

describe('data safety and risky settings', () => {
  test('termination protection on the persistent cluster of staging and prod, never on a build', () => {
    expect(
      (['dev', 'test', 'staging', 'prod'] as const).map(
        (env) => app(env, null).persistent.terminationProtection,
      ),
    ).toEqual([false, false, true, true]);
    expect(app('dev').ephemeral!.terminationProtection).toBe(false);
  });

  test('a public cluster endpoint is a warning; a private one (prod) is not', () => {
    const dev = Annotations.fromStack(app('dev').persistent);
    const prod = Annotations.fromStack(app('prod', null).persistent);
    dev.hasWarning(
      '/Persistent/Platform/Cluster',
      'the cluster API endpoint is public (from 203.0.113.0/24); keep the list to the networks that need it, or set cluster.publicEndpointCidrs to [] for a private endpoint [ack: goldenpath:public-cluster-endpoint]',
    );
    prod.hasNoWarning('*', Match.stringLikeRegexp('goldenpath:public-cluster-endpoint'));
  });
});

describe('a build id on Foundation or Persistent is refused at deploy time', () => {
  test.each(['foundation', 'persistent'] as const)(
    '%s carries a failing rule when synthesized with one',
    (which) => {
      const t = Template.fromStack(app('dev', 'pr-123')[which]);
      t.hasParameter('BuildIdGiven', { Type: 'String', Default: 'pr-123' });
      expect((t.toJSON() as { Rules: Record<string, unknown> }).Rules.RefuseBuildId).toEqual({
        Assertions: [
          { Assert: { 'Fn::Equals': [{ Ref: 'BuildIdGiven' }, ''] }, AssertDescription: NO_BUILD_ID_MESSAGE },
        ],
      });
    },
  );

  test.each(['foundation', 'persistent'] as const)('%s has no such rule without a build id', (which) => {
    const t = Template.fromStack(app('dev', null)[which]);
    expect(Object.keys((t.toJSON() as { Rules?: object }).Rules ?? {})).toEqual(['CheckBootstrapVersion']);
    expect(Object.keys(t.findParameters('BuildIdGiven'))).toEqual([]);
  });

  test('the Ephemeral stack has no such rule', () => {
    // Nor a bootstrap version check: a build deploys with the CLI's credentials (BuildStackSynthesizer).
    expect(Object.keys((template('ephemeral').toJSON() as { Rules?: object }).Rules ?? {})).toEqual([]);
  });

  test('the message', () => {
    expect(NO_BUILD_ID_MESSAGE).toBe('This stack takes no build id: deploy it without -c buildId=<id>');
  });
});

describe.each(['dev', 'prod'] as const)('cluster stacks of %s', (env) => {
  const config = envConfig(env);

  test.each([
    ['persistent', `goldenpath-${env}-persistent`, config.cluster.persistentNodes],
    ['ephemeral', `goldenpath-${env}-b-pr-123`, config.cluster.ephemeralNodes],
  ] as const)(
    '%s: EKS %s with access entries, logging, encryption and its node group',
    (lifecycle, name, nodes) => {
      const t = template(lifecycle, env);
      const cidrs = config.cluster.publicEndpointCidrs;
      t.hasResourceProperties('AWS::EKS::Cluster', {
        Name: name,
        Version: VERSIONS.kubernetes,
        AccessConfig: { AuthenticationMode: 'API', BootstrapClusterCreatorAdminPermissions: false },
        EncryptionConfig: [{ Resources: ['secrets'], Provider: { KeyArn: Match.anyValue() } }],
        Logging: {
          ClusterLogging: {
            EnabledTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].map((Type) => ({
              Type,
            })),
          },
        },
        ResourcesVpcConfig: Match.objectLike({
          EndpointPrivateAccess: true,
          EndpointPublicAccess: cidrs.length > 0,
          ...(cidrs.length > 0 ? { PublicAccessCidrs: cidrs } : {}),
          SubnetIds: config.availabilityZones.map((az) => ({
            Ref: Match.stringLikeRegexp(`subnetsprivate${az.replace(/-/g, '')}`),
          })),
        }),
      });
      t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      const ci = lifecycle === 'ephemeral' ? ['build'] : ['deploy', 'nightly'];
      // The platform admin, the CI roles, and the kubectl provider's own entry.
      t.resourceCountIs('AWS::EKS::AccessEntry', 2 + ci.length);
      for (const principal of [
        config.cluster.adminRoleArn,
        ...ci.map((purpose) => ({
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              `:iam::${config.account}:role/goldenpath-${env}-ci-${purpose}`,
            ],
          ],
        })),
      ]) {
        t.hasResourceProperties('AWS::EKS::AccessEntry', {
          PrincipalArn: principal,
          AccessPolicies: [
            {
              AccessScope: { Type: 'cluster' },
              PolicyArn: {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
                  ],
                ],
              },
            },
          ],
        });
      }
      t.hasResourceProperties('AWS::EKS::Nodegroup', {
        AmiType: 'AL2023_x86_64_STANDARD',
        InstanceTypes: nodes.instanceTypes,
        ScalingConfig: { MinSize: nodes.minSize, DesiredSize: nodes.desiredSize, MaxSize: nodes.maxSize },
        Tags: Match.objectLike({
          'k8s.io/cluster-autoscaler/enabled': 'true',
          [`k8s.io/cluster-autoscaler/${name}`]: 'owned',
        }),
      });
      t.hasResourceProperties('AWS::EC2::LaunchTemplate', {
        LaunchTemplateData: Match.objectLike({
          MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
          // A build's nodes never join the database clients group.
          SecurityGroupIds: [
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^PlatformCluster'), 'ClusterSecurityGroupId'] },
            ...(lifecycle === 'persistent'
              ? [{ Ref: Match.stringLikeRegexp('databaseclientsecuritygroupid') }]
              : []),
          ],
        }),
      });
    },
  );

  test('the CI deploy role the access entry names is the one the Foundation creates', () => {
    Template.fromStack(app(env).foundation).hasResourceProperties('AWS::IAM::Role', {
      RoleName: ciDeployRoleName(env),
    });
  });

  test.each(['persistent', 'ephemeral'] as const)('%s: the pinned managed add-ons', (lifecycle) => {
    const t = template(lifecycle, env);
    const addons = Object.values(t.findResources('AWS::EKS::Addon')).map((r) => {
      const p = r.Properties as { AddonName: string; AddonVersion: string };
      return [p.AddonName, p.AddonVersion];
    });
    expect(Object.fromEntries(addons)).toEqual(VERSIONS.eksAddons);
  });

  test.each(['persistent', 'ephemeral'] as const)(
    '%s: one Pod Identity association per controller',
    (lifecycle) => {
      const associations = Object.values(
        template(lifecycle, env).findResources('AWS::EKS::PodIdentityAssociation'),
      ).map((r) => {
        const p = r.Properties as { Namespace: string; ServiceAccount: string };
        return `${p.Namespace}/${p.ServiceAccount}`;
      });
      expect(associations.sort()).toEqual([
        'external-dns/external-dns',
        'external-secrets/external-secrets',
        'kube-system/aws-load-balancer-controller',
        'kube-system/cluster-autoscaler',
        'kube-system/ebs-csi-controller-sa',
        'loki/loki',
      ]);
    },
  );

  test.each([
    ['persistent', `*.${env}.goldenpathidp.io`],
    ['ephemeral', `*.b-pr-123.${env}.goldenpathidp.io`],
  ] as const)('%s: ExternalDNS may change names matching %s only', (lifecycle, pattern) => {
    template(lifecycle, env).hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        {
          PolicyName: 'externalDns',
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Sid: 'ChangeRecordsInScope',
                Condition: Match.objectLike({
                  'ForAllValues:StringLike': {
                    'route53:ChangeResourceRecordSetsNormalizedRecordNames': [pattern],
                  },
                }),
              }),
            ]),
          },
        },
      ],
    });
  });

  test.each([
    ['persistent', `${env}.goldenpathidp.io`, '3', '', `goldenpath-${env}`],
    ['ephemeral', `b-pr-123.${env}.goldenpathidp.io`, '1.5', 'pr-123', `goldenpath-${env}-pr-123`],
  ] as const)(
    '%s: ArgoCD at argocd.%s, then one manifest with the bootstrap values',
    (lifecycle, suffix, maxTier, buildId, owner) => {
      const t = template(lifecycle, env);
      t.hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', {
        Chart: 'argo-cd',
        Repository: VERSIONS.charts.argoCd.repo,
        Version: VERSIONS.charts.argoCd.version,
        Namespace: 'argocd',
        Wait: true,
        Timeout: '600s',
      });
      const values = JSON.parse(
        resources(t, 'Custom::AWSCDK-EKS-HelmChart')[0][1].Properties.Values as string,
      ) as {
        global: { domain: string };
        server: { ingress: unknown };
        configs: { cm: Record<string, string> };
      };
      expect(values.global.domain).toBe(`argocd.${suffix}`);
      // TLS only; a build's certificate comes from Let's Encrypt staging (no production rate limit).
      expect(values.server.ingress).toEqual({
        enabled: true,
        ingressClassName: 'kong',
        hostname: `argocd.${suffix}`,
        tls: true,
        annotations: {
          'cert-manager.io/cluster-issuer':
            lifecycle === 'ephemeral' ? 'letsencrypt-staging' : 'letsencrypt-prod',
          'konghq.com/protocols': 'https',
          'konghq.com/https-redirect-status-code': '308',
        },
      });
      expect(values.configs.cm['resource.customizations.health.argoproj.io_Application']).toContain(
        'hs.status = obj.status.health.status',
      );
      expect(
        Object.keys(values.configs.cm)
          .filter((k) => k.includes('ignoreDifferences'))
          .sort(),
      ).toEqual([
        'resource.customizations.ignoreDifferences.admissionregistration.k8s.io_MutatingWebhookConfiguration',
        'resource.customizations.ignoreDifferences.admissionregistration.k8s.io_ValidatingWebhookConfiguration',
      ]);

      const [id, manifest] = resources(t, 'Custom::AWSCDK-EKS-KubernetesResource')[0];
      expect(manifest.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ArgoCdChart/)]));
      const text = JSON.stringify(manifest.Properties.Manifest);
      expect(id).toMatch(/^ArgoCdBootstrap/);
      for (const fragment of [
        '\\"kind\\":\\"StorageClass\\",\\"metadata\\":{\\"name\\":\\"gp3\\",\\"annotations\\":{\\"storageclass.kubernetes.io/is-default-class\\":\\"true\\"}',
        `\\"name\\":\\"${BOOTSTRAP_CONFIGMAP}\\",\\"namespace\\":\\"argocd\\"`,
        `\\"mode\\":\\"${lifecycle}\\",\\"maxTier\\":\\"${maxTier}\\",\\"env\\":\\"${env}\\",\\"buildId\\":\\"${buildId}\\",\\"hostSuffix\\":\\"${suffix}\\",\\"dnsOwnerId\\":\\"${owner}\\"`,
        '\\"capability.database\\":\\"true\\"',
      ]) {
        expect(text).toContain(fragment);
      }
    },
  );

  test.each(['persistent', 'ephemeral'] as const)(
    '%s: consumes the Foundation, creates none of it',
    (lifecycle) => {
      const t = template(lifecycle, env);
      for (const type of [
        'AWS::EC2::VPC',
        'AWS::EC2::Subnet',
        'AWS::Route53::HostedZone',
        'AWS::RDS::DBInstance',
        'AWS::SecretsManager::Secret',
        'AWS::SSM::Parameter::Value<String>',
      ]) {
        t.resourceCountIs(type, 0);
      }
      expect(JSON.stringify(t.toJSON())).not.toContain('Fn::ImportValue');
      expect(Object.keys(t.findParameters('*', { Type: 'AWS::SSM::Parameter::Value<String>' }))).toEqual(
        expect.arrayContaining([expect.stringMatching(/^SsmParameterValuegoldenpath.*foundationv1vpcid/)]),
      );
    },
  );
});

describe('built from one plan', () => {
  const manifestKinds = (stack: ClusterStack) => {
    const [, manifest] = Object.entries(
      Template.fromStack(stack).findResources('Custom::AWSCDK-EKS-KubernetesResource') as Record<
        string,
        { Properties: { Manifest: unknown } }
      >,
    )[0];
    const text = JSON.stringify(manifest.Properties.Manifest);
    return { text, kinds: [...text.matchAll(/\\"kind\\":\\"(\w+)\\"/g)].map((m) => m[1]) };
  };

  test("{ config, deployment } is all a ClusterStack takes; ArgoCD gets the plan's objects, StorageClass and ConfigMap first", () => {
    const stack = new ClusterStack(testApp(), 'Ephemeral', {
      config: envConfig('dev'),
      deployment: { env: 'dev', kind: 'ephemeral', buildId: parseBuildId('pr-9'), maxTier: 1, ttlHours: 5 },
    });
    const { plan } = stack;
    expect([
      plan.bootstrap.mode,
      plan.bootstrap.maxTier,
      plan.bootstrap.hostSuffix,
      plan.tags.TtlHours,
    ]).toEqual(['ephemeral', 1, 'b-pr-9.dev.goldenpathidp.io', '5']);
    const { text, kinds } = manifestKinds(stack);
    expect([kinds.slice(0, 2), plan.objects.slice(0, 2).map((o) => o.kind)]).toEqual([
      ['StorageClass', 'ConfigMap'],
      ['StorageClass', 'ConfigMap'],
    ]);
    // One Application is applied, the root; the selected apps' Applications ride inside it.
    expect(
      plan.objects.filter((o) => o.kind === 'Application').map((o) => (o.metadata as { name: string }).name),
    ).toEqual(['goldenpath-root']);
    for (const app of plan.gating.selected) expect(text).toContain(`\\"name\\":\\"${app.name}\\"`);
    expect(plan.gating.selected.every((e) => e.tier <= 1)).toBe(true);
    expect(text).toContain('b-pr-9.dev.goldenpathidp.io');
    expect(text).not.toContain('kong-admin');
  });

  test('the plan is exposed read-only', () => {
    const { plan } = app('dev').ephemeral!;
    expect([plan, plan.names, plan.tags, plan.cluster, plan.objects].map((x) => Object.isFrozen(x))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(plan.names).toEqual({
      stack: 'goldenpath-dev-b-pr-123',
      cluster: 'goldenpath-dev-b-pr-123',
      zone: 'dev.goldenpathidp.io',
    });
  });
});

describe('tags', () => {
  const tagsOf = (t: Template) => {
    const [, cluster] = resources(t, 'AWS::EKS::Cluster')[0];
    return Object.fromEntries(
      (cluster.Properties.Tags as { Key: string; Value: string }[]).map((x) => [x.Key, x.Value]),
    );
  };

  test('an ephemeral cluster carries BuildId and TtlHours (from -c ttlHours, default 24)', () => {
    expect(tagsOf(template('ephemeral'))).toEqual({
      BuildId: 'pr-123',
      Environment: 'dev',
      Lifecycle: 'ephemeral',
      ManagedBy: 'cdk',
      Owner: 'platform-team',
      Project: 'goldenpath-idp',
      TtlHours: '24',
    });
    expect(app('dev', 'pr-123').ephemeral!.tags.tagValues()).toEqual(tagsOf(template('ephemeral')));
    const { ephemeral } = buildTestApp({ buildId: 'pr-123', ttlHours: '6' });
    expect(tagsOf(Template.fromStack(ephemeral!)).TtlHours).toBe('6');
    expect(ephemeral!.tags.tagValues().TtlHours).toBe('6');
  });

  test('the persistent cluster has neither', () => {
    expect(app('dev', 'pr-123').persistent.tags.tagValues()).toEqual(tagsOf(template('persistent')));
    expect(tagsOf(template('persistent'))).toEqual({
      Environment: 'dev',
      Lifecycle: 'persistent',
      ManagedBy: 'cdk',
      Owner: 'platform-team',
      Project: 'goldenpath-idp',
    });
  });
});

describe('cdk-nag', () => {
  test('the acknowledged findings of a cluster stack, each with its reason next to the resource', () => {
    const { app: cdkApp } = buildTestApp({ buildId: 'pr-123' });
    cdkApp.synth();
    const acks = cdkApp.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((m) => Object.keys(m.data as Record<string, string>).map((rule) => [c.node.path, rule])),
      )
      .filter(([path, rule]) => path.startsWith('Ephemeral/') && rule.startsWith('AwsSolutions::'))
      .map(([path, rule]) => [
        path.replace('Ephemeral/', ''),
        rule.replace('AwsSolutions::AwsSolutions-', ''),
      ]);
    const managed = (p: string) => `IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${p}]`;
    const kubectl = 'Platform/Cluster/KubectlProvider';
    const nodes = 'Platform/Cluster/NodegroupNodes/NodeGroupRole';
    const alb = 'Identities/AwsLoadBalancerControllerRole';
    expect(acks).toEqual([
      ['Platform/Cluster/Role', managed('AmazonEKSClusterPolicy')],
      [kubectl, managed('service-role/AWSLambdaBasicExecutionRole')],
      [kubectl, managed('service-role/AWSLambdaVPCAccessExecutionRole')],
      [kubectl, managed('AmazonEC2ContainerRegistryReadOnly')],
      [
        kubectl,
        'IAM4[Policy::{"Fn::If":["PlatformClusterKubectlProviderHandlerHasEcrPublic93383F72",{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly"]]},{"Ref":"AWS::NoValue"}]}]',
      ],
      [kubectl, 'IAM5[Resource::<PlatformClusterKubectlProviderHandler878759C4.Arn>:*]'],
      [kubectl, 'L1'],
      [nodes, managed('AmazonEKSWorkerNodePolicy')],
      [nodes, managed('AmazonEKS_CNI_Policy')],
      [nodes, managed('AmazonEC2ContainerRegistryReadOnly')],
      ['Identities/ExternalDnsRole', 'IAM5[Resource::*]'],
      [alb, 'IAM5[Resource::*]'],
      [alb, 'IAM5[Resource::arn:aws:ec2:*:*:security-group/*]'],
      [alb, 'IAM5[Resource::arn:aws:elasticloadbalancing:*:*:targetgroup/*/*]'],
      [alb, 'IAM5[Resource::arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*]'],
      [alb, 'IAM5[Resource::arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*]'],
      [alb, 'IAM5[Resource::arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*]'],
      [alb, 'IAM5[Resource::arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*]'],
      [alb, 'IAM5[Resource::arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*]'],
      [alb, 'IAM5[Resource::arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*]'],
      ['Identities/ClusterAutoscalerRole', 'IAM5[Resource::*]'],
      ['Identities/EbsCsiRole', 'IAM5[Resource::*]'],
      ['Identities/EbsCsiRole', 'IAM5[Resource::arn:aws:ec2:*:*:volume/*]'],
      ['Identities/EbsCsiRole', 'IAM5[Resource::arn:aws:ec2:*:*:snapshot/*]'],
      ['Identities/EbsCsiRole', 'IAM5[Resource::arn:aws:ec2:*:*:instance/*]'],
      [
        'Identities/LokiRole',
        'IAM5[Resource::arn:aws:s3:::<SsmParameterValuegoldenpathdevfoundationv1logbucketnameC96584B6F00A464EAD1953AFF4B05118Parameter>/loki-goldenpath-dev-b-pr-123/*]',
      ],
      ['Sweeper/Function/ServiceRole', managed('service-role/AWSLambdaBasicExecutionRole')],
      ['Sweeper/Function/ServiceRole', 'IAM5[Resource::*]'],
    ]);
  });
});

describe('template budget (README "Template budget")', () => {
  test.each([
    ['dev', undefined],
    ['prod', '1.5'],
  ] as const)('the %s Ephemeral template (maxTier %s) leaves room for the sweeper', (env, maxTier) => {
    const t =
      maxTier === undefined
        ? template('ephemeral', env)
        : Template.fromStack(
            buildTestApp({ env, buildId: 'pr-123', maxTier }, buildsAllowed(env)).ephemeral!,
          );
    const m = measureTemplate(t.toJSON());
    expect({
      lambdaFunctions: m.lambdaFunctions,
      customResources: m.customResources,
      nestedStacks: m.nestedStacks,
      importValues: m.importValues,
      longestChain: m.longestChain,
    }).toEqual({ lambdaFunctions: 3, customResources: 3, nestedStacks: 0, importValues: 0, longestChain: 8 });
    expect(m.longestChainPath.slice(-2).map((id) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual([
      'ArgoCdChart',
      'ArgoCdBootstrap',
    ]);
  });
});

describe('bad input', () => {
  test.each([
    ['3', 'tier 3, production identity, runs on persistent clusters only'],
    [
      '2',
      "tier 2 would use the persistent cluster's databases, secrets and log bucket, and a build touches nothing of the persistent cluster's; run tier 2 on the persistent cluster",
    ],
  ])('maxTier=%s on Ephemeral', (maxTier, why) => {
    expect(() => buildTestApp({ buildId: 'pr-123', maxTier })).toThrow(
      `Invalid maxTier: -c maxTier=${maxTier} with -c buildId=pr-123 (an ephemeral cluster: ${why}); allowed: 0, 1, 1.5`,
    );
  });

  test('maxTier=2 on an environment without a database: every problem, with the stack’s path', () => {
    const raw = rawConfig();
    delete raw.defaults.database;
    expect(() => buildTestApp({ env: 'dev', maxTier: '2' }, raw)).toThrow(
      [
        '-c maxTier=2: the Foundation of environment "dev" cannot serve a persistent cluster (at Persistent):',
        '  - capability "database" (needed by tier 2) is not provided by environments.dev; lower -c maxTier below 2, or add it to config/environments.json',
        '  - backstage (tier 2) reads secret "backstage/postgres", which the Foundation does not publish; lower -c maxTier below 2, or add it to the Foundation',
        '  - grafana-postgresql (tier 2) reads secret "grafana/postgres", which the Foundation does not publish; lower -c maxTier below 2, or add it to the Foundation',
      ].join('\n'),
    );
  });

  test('the default persistent maxTier without a database reports every tier needing it', () => {
    const raw = rawConfig();
    delete raw.defaults.database;
    expect(() => buildTestApp({ env: 'dev' }, raw)).toThrow(
      [
        '-c maxTier=3: the Foundation of environment "dev" cannot serve a persistent cluster (at Persistent):',
        '  - capability "database" (needed by tier 2, 3) is not provided by environments.dev; lower -c maxTier below 2, or add it to config/environments.json',
        '  - backstage (tier 2) reads secret "backstage/postgres", which the Foundation does not publish; lower -c maxTier below 2, or add it to the Foundation',
        '  - grafana-postgresql (tier 2) reads secret "grafana/postgres", which the Foundation does not publish; lower -c maxTier below 2, or add it to the Foundation',
        '  - keycloak (tier 3) reads secret "keycloak/postgres", which the Foundation does not publish; lower -c maxTier below 3, or add it to the Foundation',
      ].join('\n'),
    );
  });

  test('an invalid build id', () => {
    expect(() => buildTestApp({ buildId: 'PR_123' })).toThrow(
      'Invalid build id: -c buildId=PR_123: allowed are lower-case letters, digits and single hyphens, starting and ending with a letter or digit (for example 26-01-23-01 or pr-123)',
    );
  });

  test('an unknown environment', () => {
    expect(() => buildTestApp({ env: 'qa' })).toThrow(
      'Unknown environment: -c env=qa: allowed environments: dev, test, staging, prod',
    );
  });
});

describe('teardown order (DESIGN §9)', () => {
  test('Ephemeral: the sweeper is created after the cluster and the Applications after the sweeper, so deletes run Applications, sweeper, cluster', () => {
    const t = template('ephemeral').toJSON() as {
      Resources: Record<string, { Type: string; DependsOn?: string[]; Properties?: Record<string, unknown> }>;
    };
    const id = (type: string) => Object.keys(t.Resources).find((k) => t.Resources[k].Type === type)!;
    const sweeper = id('Custom::BuildSweeper');
    const cluster = Object.keys(t.Resources).find((k) => /^PlatformCluster[0-9A-F]{8}$/.test(k))!;
    const bootstrap = Object.keys(t.Resources).find((k) => k.startsWith('ArgoCdBootstrap'))!;
    expect({
      sweeperAfterCluster: t.Resources[sweeper].DependsOn?.includes(cluster),
      applicationsAfterSweeper: t.Resources[bootstrap].DependsOn?.includes(sweeper),
      suffix: t.Resources[sweeper].Properties?.HostSuffix,
      clusterName: t.Resources[sweeper].Properties?.ClusterName,
    }).toEqual({
      sweeperAfterCluster: true,
      applicationsAfterSweeper: true,
      suffix: 'b-pr-123.dev.goldenpathidp.io',
      clusterName: 'goldenpath-dev-b-pr-123',
    });
  });

  test('Persistent has no sweeper', () => {
    template('persistent').resourceCountIs('Custom::BuildSweeper', 0);
  });
});
