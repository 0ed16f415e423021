import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeApi } from '../../../../lib/ops/teardown/kube-api';
import { makeCa, makeServerCertificate } from '../../../support/tls';

/** A CA and a server certificate for 127.0.0.1 it signed (as EKS's API server has), plus a stranger CA. */
function certificates(dir: string) {
  makeCa(dir, 'kubernetes');
  makeCa(dir, 'stranger');
  makeServerCertificate(dir, 'server', 'kubernetes', 'kube-apiserver');
  const read = (f: string) => readFileSync(join(dir, f));
  return {
    ca: read('kubernetes.crt'),
    stranger: read('stranger.crt'),
    key: read('server.key'),
    cert: read('server.crt'),
  };
}

describe('the Kubernetes API client over TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-api-'));
  const pem = certificates(dir);
  const seen: string[] = [];
  const server = createServer({ key: pem.key, cert: pem.cert }, (req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ items: [] }));
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("trusts the cluster's CA and asks for a fresh token on every call", async () => {
    let n = 0;
    const api = kubeApi(url, () => Promise.resolve(`token-${++n}`), { ca: pem.ca });
    expect(await api.get('/api/v1/services')).toEqual({ status: 200, body: { items: [] } });
    expect((await api.delete('/api/v1/x')).status).toBe(200);
    expect(seen.slice(-2)).toEqual([
      'GET /api/v1/services Bearer token-1',
      'DELETE /api/v1/x Bearer token-2',
    ]);
  });

  test.each([
    ['another CA', { ca: pem.stranger }],
    ['the system trust store alone', {}],
  ])('refuses the server when trusting %s', async (_, options) => {
    await expect(kubeApi(url, 't', options).get('/api/v1/services')).rejects.toThrow(
      /self[- ]signed|unable to verify|certificate/i,
    );
  });
});
