import { createServer, type Server } from 'node:http';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { MOTO_CREDENTIALS, type Moto } from '../../support/moto';
import { answerWith } from '../../lib/ops/teardown/faults';
import type { BuildUninstallProperties } from '../../../constructs/runtime/build-uninstall';
import { TIER_LABEL } from '../../../tiers/application';
import { ROOT_APPLICATION } from '../../../tiers/root';

/** The BuildUninstall properties of build `pr-1` (its endpoint is replaced where a test needs one). */
export const UNINSTALL_PROPERTIES: BuildUninstallProperties = {
  ClusterName: 'goldenpath-dev-b-pr-1',
  Endpoint: 'https://unused.example',
  CertificateAuthority: '',
  Region: 'eu-west-2',
  Namespace: 'argocd',
  TierLabel: TIER_LABEL,
  RootApplication: ROOT_APPLICATION,
};

/** A stand-in for CloudFormation's pre-signed response URL: records what the handler PUTs. */
export async function responseServer(): Promise<{
  url: string;
  received: () => Promise<{ method: string; contentType: string; body: unknown }>;
  server: Server;
}> {
  let resolve!: (v: { method: string; contentType: string; body: unknown }) => void;
  const got = new Promise<{ method: string; contentType: string; body: unknown }>((r) => (resolve = r));
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      res.end();
      resolve({
        method: req.method ?? '',
        contentType: req.headers['content-type'] ?? '(none)',
        body: JSON.parse(body),
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  return { url: `http://127.0.0.1:${addr.port}/cfn-response?signature=x`, received: () => got, server };
}

/** A CloudFormation client that sees this test's stack in `status` (moto cannot hold a stack mid-delete). */
export function stackIn(moto: Moto, status: string): CloudFormationClient {
  const cfn = new CloudFormationClient({
    endpoint: moto.endpoint,
    region: 'eu-west-2',
    credentials: MOTO_CREDENTIALS,
    maxAttempts: 1,
  });
  answerWith(cfn, 'DescribeStacksCommand', () => ({
    Stacks: [{ StackName: 'goldenpath-dev-b-pr-1', StackStatus: status, CreationTime: new Date(0) }],
  }));
  return cfn;
}
