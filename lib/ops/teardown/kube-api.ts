import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The few Kubernetes API calls the uninstall makes, as JSON over HTTP. */
export interface KubeApi {
  get(path: string): Promise<{ status: number; body: unknown }>;
  delete(path: string): Promise<{ status: number }>;
  /** A JSON merge patch. */
  patch(path: string, body: unknown): Promise<{ status: number }>;
}

export interface KubeApiOptions {
  /**
   * The API server's certificate authority (PEM, as EKS gives it base64-decoded); only this CA
   * is trusted for an `https` server.
   * @default - the system's trust store
   */
  readonly ca?: string | Buffer;
  /**
   * How long one call may take before it counts as the server unreachable.
   * @default 15000
   */
  readonly timeoutMs?: number;
}

/**
 * A `KubeApi` for an API server URL, with a bearer token asked for on every call (an EKS token
 * is valid for 15 minutes, so a long uninstall must not keep its first one). Network errors and
 * timeouts reject; HTTP errors resolve with their status, for the caller to judge.
 */
export function kubeApi(
  server: string,
  token: string | (() => Promise<string>),
  options: KubeApiOptions = {},
): KubeApi {
  const url = new URL(server);
  const secure = url.protocol === 'https:';
  const call = async (method: string, path: string, body?: unknown) => {
    const bearer = typeof token === 'string' ? token : await token();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(
        {
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port || undefined,
          path: `${url.pathname.replace(/\/$/, '')}${path}`,
          method,
          ...(secure && options.ca !== undefined ? { ca: options.ca } : {}),
          headers: {
            authorization: `Bearer ${bearer}`,
            accept: 'application/json',
            ...(payload === undefined
              ? {}
              : {
                  'content-type': 'application/merge-patch+json',
                  'content-length': Buffer.byteLength(payload),
                }),
          },
          timeout: options.timeoutMs ?? 15_000,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => {
            let parsed: unknown;
            try {
              parsed = text ? (JSON.parse(text) as unknown) : undefined;
            } catch {
              parsed = text;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${path}: no answer in ${options.timeoutMs ?? 15_000} ms`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  };
  return {
    get: (p) => call('GET', p),
    delete: (p) => call('DELETE', p),
    patch: (p, b) => call('PATCH', p, b),
  };
}
