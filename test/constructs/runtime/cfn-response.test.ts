import { type Server, createServer } from 'node:http';
import type { CloudFormationCustomResourceResponse } from 'aws-lambda';
import { sendCfnResponse } from '../../../constructs/runtime/cfn-response';

const RESPONSE: CloudFormationCustomResourceResponse = {
  Status: 'SUCCESS',
  PhysicalResourceId: 'id',
  StackId: 'stack',
  RequestId: 'request',
  LogicalResourceId: 'Resource',
  Reason: 'done',
};

/** A server standing in for the pre-signed S3 URL; answers `status` and records what it got. */
async function presigned(status: number) {
  const got: { method?: string; url?: string; headers: Record<string, unknown>; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      got.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/bucket/key?X-Amz-Signature=abc`,
    got,
    close: () => new Promise((r) => server.close(r)),
  };
}

describe('sendCfnResponse', () => {
  test('PUTs the response as JSON with the empty content type the URL is signed for', async () => {
    const s = await presigned(200);
    try {
      await sendCfnResponse(s.url, RESPONSE);
      expect(s.got).toHaveLength(1);
      expect(s.got[0]).toMatchObject({ method: 'PUT', url: '/bucket/key?X-Amz-Signature=abc' });
      expect(s.got[0].headers['content-type']).toBe('');
      expect(JSON.parse(s.got[0].body)).toEqual(RESPONSE);
    } finally {
      await s.close();
    }
  });

  test('a refused upload is an error naming the status', async () => {
    const s = await presigned(403);
    try {
      await expect(sendCfnResponse(s.url, RESPONSE)).rejects.toThrow('Response upload failed with HTTP 403');
    } finally {
      await s.close();
    }
  });

  test('an unreachable URL is an error, not a hang', async () => {
    const s = await presigned(200);
    await s.close();
    await expect(sendCfnResponse(s.url, RESPONSE)).rejects.toThrow(/ECONNREFUSED/);
  });
});
