import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { loadEnvironmentConfig } from '../../lib/config';
import { flattenContract } from '../../lib/contract';
import { FoundationStack } from '../../lib/foundation-stack';
import { rawConfig, testApp } from '../util';

/** The fenced blocks of one README section, by language. */
function readmeBlocks(section: string): Record<string, string> {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${section}\n`);
  const body = readme
    .slice(start + 1)
    .split(/\n## /)[0]
    .slice(3 + section.length);
  return Object.fromEntries([...body.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => [m[1], m[2].trim()]));
}

/** The committed config with `entry` appended to the default database apps. */
function withApp(entry: unknown) {
  const raw = rawConfig();
  const database = raw.defaults.database as { apps: unknown[] };
  database.apps.push(entry);
  return raw;
}

describe('README "Add a database"', () => {
  const blocks = readmeBlocks('Add a database');

  test('the documented entry and command are the ones tested here', () => {
    expect(blocks.json).toBe('{ "app": "grafana" }');
    expect(blocks.sh).toBe('npx cdk deploy Foundation -c env=dev');
  });

  test('one entry adds a role, a database it owns and a published secret', () => {
    const config = loadEnvironmentConfig(withApp(JSON.parse(blocks.json)), 'dev');
    const foundation = new FoundationStack(testApp(), 'Foundation', { config });
    const template = Template.fromStack(foundation);

    expect(config.database!.apps).toEqual([
      { app: 'keycloak', databaseName: 'keycloak', roleName: 'keycloak', createDb: false },
      { app: 'backstage', databaseName: 'backstage', roleName: 'backstage', createDb: true },
      { app: 'grafana', databaseName: 'grafana', roleName: 'grafana', createDb: false },
    ]);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'goldenpath/dev/grafana/postgres',
    });
    const secret = foundation.getLogicalId(
      foundation.database!.appSecrets['grafana/postgres'].node.defaultChild as never,
    );
    template.hasResourceProperties('Custom::PlatformDatabases', {
      Apps: [
        Match.objectLike({ App: 'keycloak' }),
        Match.objectLike({ App: 'backstage' }),
        {
          App: 'grafana',
          DatabaseName: 'grafana',
          RoleName: 'grafana',
          CreateDb: false,
          SecretArn: { Ref: secret },
        },
      ],
    });
    expect(Object.keys(flattenContract(foundation.contract))).toContain('secrets/grafana/postgres/arn');
  });

  test('the documented bad name fails synth with the documented message', () => {
    expect(() => loadEnvironmentConfig(withApp({ app: 'grafana', databaseName: 'Grafana' }), 'dev')).toThrow(
      blocks.text,
    );
  });

  test('hyphenated app names default to underscored database and role names', () => {
    const config = loadEnvironmentConfig(withApp({ app: 'grafana-oncall' }), 'dev');

    expect(config.database!.apps[2]).toEqual({
      app: 'grafana-oncall',
      databaseName: 'grafana_oncall',
      roleName: 'grafana_oncall',
      createDb: false,
    });
  });
});
