import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { loadEnvironmentConfig } from '../../../lib/model/config';
import { flattenContract } from '../../../lib/model/contract';
import { FoundationStack } from '../../../lib/stacks/foundation-stack';
import { rawConfig, testApp } from '../../util';

/** The fenced blocks of one README section, by language. */
function readmeBlocks(section: string): Record<string, string> {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${section}\n`);
  const body = readme
    .slice(start + 1)
    .split(/\n## /)[0]
    .slice(3 + section.length);
  return Object.fromEntries([...body.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => [m[1], m[2].trim()]));
}

/** The committed config with the default database apps set to keycloak, backstage and `entry`. */
function withApp(entry: unknown) {
  const raw = rawConfig();
  const database = raw.defaults.database as { apps: unknown[] };
  database.apps = [{ app: 'keycloak' }, { app: 'backstage', createDb: true }, entry];
  return raw;
}

describe('README "Add a database"', () => {
  const blocks = readmeBlocks('Add a database');

  test('the documented entry and command are the ones tested here', () => {
    expect(blocks.json).toBe('{ "app": "harbor" }');
    expect(blocks.sh).toBe('npx cdk deploy Foundation -c env=dev');
  });

  test('one entry adds a role, a database it owns and a published secret', () => {
    const config = loadEnvironmentConfig(withApp(JSON.parse(blocks.json)), 'dev');
    const foundation = new FoundationStack(testApp(), 'Foundation', { config });
    const template = Template.fromStack(foundation);

    expect(config.database!.apps).toEqual([
      { app: 'keycloak', databaseName: 'keycloak', roleName: 'keycloak', createDb: false },
      { app: 'backstage', databaseName: 'backstage', roleName: 'backstage', createDb: true },
      { app: 'harbor', databaseName: 'harbor', roleName: 'harbor', createDb: false },
    ]);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'goldenpath/dev/harbor/postgres',
    });
    const secret = foundation.getLogicalId(
      foundation.database!.appSecrets['harbor/postgres'].node.defaultChild as never,
    );
    template.hasResourceProperties('Custom::PlatformDatabases', {
      Apps: [
        Match.objectLike({ App: 'keycloak' }),
        Match.objectLike({ App: 'backstage' }),
        {
          App: 'harbor',
          DatabaseName: 'harbor',
          RoleName: 'harbor',
          CreateDb: false,
          SecretArn: { Ref: secret },
        },
      ],
    });
    expect(Object.keys(flattenContract(foundation.contract))).toContain('secrets/harbor/postgres/arn');
  });

  test('the documented bad name fails synth with the documented message', () => {
    expect(() => loadEnvironmentConfig(withApp({ app: 'harbor', databaseName: 'Harbor' }), 'dev')).toThrow(
      blocks.text,
    );
  });

  test('hyphenated app names default to underscored database and role names', () => {
    const config = loadEnvironmentConfig(withApp({ app: 'harbor-core' }), 'dev');

    expect(config.database!.apps[2]).toEqual({
      app: 'harbor-core',
      databaseName: 'harbor_core',
      roleName: 'harbor_core',
      createDb: false,
    });
  });
});
