import type { ConnectionOptions } from 'node:tls';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type {
  CloudFormationCustomResourceEvent,
  CloudFormationCustomResourceResponse,
  Context,
} from 'aws-lambda';
import { Client } from 'pg';
import {
  type AppDatabase,
  SYNC_PROPERTIES_ENV,
  appDatabaseProblems,
} from '../../../lib/model/database-names';
import { type AppDatabaseWithPassword, provisionDatabases } from './provision';
import { sendCfnResponse } from '../cfn-response';
import { withDeadline } from './deadline';

/**
 * The custom resource's properties (`Custom::PlatformDatabases`). CloudFormation passes every
 * scalar as a string, so `CreateDb` arrives as `"true"`/`"false"`.
 */
export interface ProvisionerProperties {
  /** The master secret, by ARN (from CloudFormation) or name (sync); `SecretArn` likewise. */
  readonly MasterSecretArn: string;
  readonly Apps: readonly {
    readonly App: string;
    readonly DatabaseName: string;
    readonly RoleName: string;
    readonly CreateDb: string | boolean;
    readonly SecretArn: string;
  }[];
}

export interface ProvisionerDeps {
  /** Reads the master secret and the app secrets. */
  readonly secrets: SecretsManagerClient;
  /** TLS for every database connection; verification is never turned off. */
  readonly ssl: ConnectionOptions & { readonly rejectUnauthorized: true };
  /** How long a connection attempt may take. @default 10 s */
  readonly connectTimeoutMillis?: number;
}

interface SecretJson {
  readonly [key: string]: unknown;
}

/** The custom resource's physical id: one resource per Foundation. */
const PHYSICAL_ID = 'goldenpath-platform-databases';
/** CloudFormation refuses responses over 4 KiB; the reason is the only long field. */
const MAX_REASON = 2000;

/**
 * Handles one CloudFormation custom resource event and returns the response it sends.
 *
 * Create and Update provision every configured app (idempotent, never drops anything). Delete
 * runs no SQL: databases and roles are data, and are kept; the response says which.
 */
export async function handleEvent(
  event: CloudFormationCustomResourceEvent,
  deps: ProvisionerDeps,
): Promise<CloudFormationCustomResourceResponse> {
  const physicalId = event.RequestType === 'Create' ? PHYSICAL_ID : event.PhysicalResourceId;
  const base = {
    PhysicalResourceId: physicalId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  };
  try {
    const props = event.ResourceProperties as unknown as ProvisionerProperties;
    const apps = parseApps(props.Apps);
    if (event.RequestType === 'Delete') {
      const kept = describe(apps);
      return {
        ...base,
        Status: 'SUCCESS',
        Reason: `Kept ${kept}: deleting the resource never drops data`,
        Data: { Created: '', Updated: '', Kept: kept },
      };
    }
    const master = await readSecret(deps.secrets, props.MasterSecretArn, 'the master secret');
    const masterUser = String(master.username);
    const problems = appDatabaseProblems(apps, masterUser);
    if (problems.length > 0) throw new Error(`Refusing to provision databases:\n${problems.join('\n')}`);
    const withPasswords: AppDatabaseWithPassword[] = [];
    for (const a of apps) {
      const s = await readSecret(deps.secrets, a.secretArn, `the secret of ${a.app}`);
      if (s.username !== a.roleName)
        throw new Error(
          `The secret of ${a.app} has username ${JSON.stringify(s.username)}; expected the role name ${JSON.stringify(a.roleName)}`,
        );
      withPasswords.push({ ...a, password: String(s.password) });
    }
    const connection = {
      host: String(master.host),
      port: Number(master.port),
      ssl: deps.ssl,
      connectionTimeoutMillis: deps.connectTimeoutMillis ?? 10_000,
    };
    const client = new Client({
      ...connection,
      user: masterUser,
      password: String(master.password),
      database: typeof master.dbname === 'string' ? master.dbname : 'postgres',
      application_name: 'goldenpath-database-provisioner',
      statement_timeout: 60_000,
    });
    try {
      await client.connect();
    } catch (err) {
      throw new Error(
        `Connecting to ${connection.host}:${connection.port} as ${masterUser} over verified TLS failed: ${messageOf(err)}`,
      );
    }
    let result;
    try {
      result = await provisionDatabases(client, withPasswords, {
        canLogin: (user, password, database) => canLogin({ ...connection, user, password, database }),
      });
    } finally {
      await client.end();
    }
    const removed =
      event.RequestType === 'Update'
        ? parseApps((event.OldResourceProperties as unknown as ProvisionerProperties).Apps, false).filter(
            (o) => !apps.some((a) => a.app === o.app),
          )
        : [];
    const kept = describe(removed);
    const summary = [
      result.created.length > 0 ? `created ${result.created.join(', ')}` : '',
      result.updated.length > 0 ? `updated ${result.updated.join(', ')}` : '',
      kept ? `no longer configured but kept ${kept}` : '',
    ].filter((s) => s !== '');
    return {
      ...base,
      Status: 'SUCCESS',
      Reason: summary.length > 0 ? summary.join('; ') : 'no change',
      Data: { Created: result.created.join(', '), Updated: result.updated.join(', '), Kept: kept },
    };
  } catch (err) {
    return { ...base, Status: 'FAILED', Reason: truncate(messageOf(err)) };
  }
}

type AppWithSecret = AppDatabase & { readonly secretArn: string };

function parseApps(raw: unknown, strict = true): AppWithSecret[] {
  if (!Array.isArray(raw)) {
    if (strict)
      throw new Error('Apps: expected a list of { App, DatabaseName, RoleName, CreateDb, SecretArn }');
    return [];
  }
  return (raw as unknown[]).map((entry) => {
    const a = (entry ?? {}) as Record<string, unknown>;
    const createDb =
      a.CreateDb === true || a.CreateDb === 'true'
        ? true
        : a.CreateDb === false || a.CreateDb === 'false'
          ? false
          : a.CreateDb;
    // Wrong types pass through unchanged so that `appDatabaseProblems` names them.
    return {
      app: a.App,
      databaseName: a.DatabaseName,
      roleName: a.RoleName,
      createDb,
      secretArn: a.SecretArn,
    } as AppWithSecret;
  });
}

function describe(apps: readonly AppDatabase[]): string {
  if (apps.length === 0) return '';
  return `databases ${apps.map((a) => a.databaseName).join(', ')} and roles ${apps.map((a) => a.roleName).join(', ')}`;
}

async function readSecret(client: SecretsManagerClient, arn: string, what: string): Promise<SecretJson> {
  const res = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  try {
    const parsed: unknown = JSON.parse(res.SecretString ?? '');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as SecretJson;
  } catch {
    // reported below, without echoing the value
  }
  throw new Error(`${what} (${arn}) is not a JSON object`);
}

async function canLogin(config: {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  ssl: ConnectionOptions;
  connectionTimeoutMillis: number;
}): Promise<boolean> {
  const client = new Client(config);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The message of anything thrown (errors from pg and the SDK are not always `instanceof Error`). */
function messageOf(err: unknown): string {
  const message = (err as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : String(err);
}

function truncate(s: string): string {
  return s.length > MAX_REASON ? `${s.slice(0, MAX_REASON)}...` : s;
}

/**
 * A direct invocation (`aws lambda invoke --payload '{"action":"sync"}'`): applies the configured
 * state again without CloudFormation, for example after a password was rotated in an app secret.
 */
export interface SyncRequest {
  readonly action: 'sync';
}

/** What a sync invocation returns to the caller. */
export type SyncResponse = Pick<CloudFormationCustomResourceResponse, 'Status' | 'Reason' | 'Data'>;

/** Provisions `properties` as an Update that changes nothing in the configuration would. */
export async function handleSync(
  properties: ProvisionerProperties,
  deps: ProvisionerDeps,
): Promise<SyncResponse> {
  const resourceProperties = { ...properties, ServiceToken: '' };
  const { Status, Reason, Data } = await handleEvent(
    {
      RequestType: 'Update',
      ServiceToken: '',
      ResponseURL: '',
      StackId: '',
      RequestId: 'sync',
      LogicalResourceId: 'sync',
      PhysicalResourceId: PHYSICAL_ID,
      ResourceType: 'Custom::PlatformDatabases',
      ResourceProperties: resourceProperties,
      OldResourceProperties: resourceProperties,
    },
    deps,
  );
  return { Status, Reason, Data };
}

function isSync(event: CloudFormationCustomResourceEvent | SyncRequest): event is SyncRequest {
  return (event as Partial<SyncRequest>).action === 'sync';
}

/**
 * Handles a CloudFormation event and sends the response to CloudFormation (returning what it
 * sent), or handles a sync request with `syncProperties` and returns the result to the caller.
 */
export function createHandler(
  deps: () => ProvisionerDeps,
  syncProperties: () => ProvisionerProperties = () => {
    throw new Error('This provisioner has no sync properties');
  },
): {
  (
    event: CloudFormationCustomResourceEvent,
    context?: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<CloudFormationCustomResourceResponse>;
  (event: SyncRequest, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<SyncResponse>;
} {
  return (async (
    event: CloudFormationCustomResourceEvent | SyncRequest,
    context?: Pick<Context, 'getRemainingTimeInMillis'>,
  ) => {
    if (isSync(event)) return handleSync(syncProperties(), deps());
    const response = await withDeadline(handleEvent(event, deps()), event, context, PHYSICAL_ID);
    await sendCfnResponse(event.ResponseURL, response);
    return response;
  }) as ReturnType<typeof createHandler>;
}

/**
 * The Lambda entry point. The RDS CA bundle is trusted through `NODE_EXTRA_CA_CERTS` (set on the
 * function), so TLS to RDS is verified with Node's default verification.
 */
export const handler = createHandler(
  () => ({ secrets: new SecretsManagerClient({}), ssl: { rejectUnauthorized: true } }),
  () => JSON.parse(process.env[SYNC_PROPERTIES_ENV] ?? 'null') as ProvisionerProperties,
);
