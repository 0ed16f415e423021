// An EKS API server bearer token, made as `aws eks get-token` makes it: a pre-signed STS
// GetCallerIdentity URL that carries the cluster name in the signed `x-k8s-aws-id` header. The
// API server's authenticator calls the URL to learn the caller's IAM identity, then maps it
// through the cluster's access entries.
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  Checksum,
  SourceData,
} from '@smithy/types';

/** The prefix the authenticator expects before the base64url-encoded URL. */
export const TOKEN_PREFIX = 'k8s-aws-v1.';

/**
 * How long the pre-signed URL is valid, as `aws eks get-token` signs it. The authenticator
 * accepts a token for 15 minutes after its signing time in any case, so callers make a new one
 * per request rather than keep one.
 */
const EXPIRES_SECONDS = 60;

/** SHA-256 (HMAC when given a key) on node:crypto, in the shape the signer asks for. */
class Sha256 implements Checksum {
  private hash;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh() {
    return this.secret === undefined
      ? createHash('sha256')
      : createHmac(
          'sha256',
          typeof this.secret === 'string' ? this.secret : Buffer.from(this.secret as Uint8Array),
        );
  }
  update(data: Uint8Array | string): void {
    this.hash.update(typeof data === 'string' ? data : Buffer.from(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

/** A bearer token for `clusterName`'s API server, signed with `credentials` in `region`. */
export async function eksToken(
  clusterName: string,
  region: string,
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider,
  signingDate: Date = new Date(),
): Promise<string> {
  const hostname = `sts.${region}.amazonaws.com`;
  const signer = new SignatureV4({ credentials, region, service: 'sts', sha256: Sha256 });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, 'x-k8s-aws-id': clusterName },
    },
    { expiresIn: EXPIRES_SECONDS, signingDate },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const url = `https://${hostname}/?${query}`;
  return `${TOKEN_PREFIX}${Buffer.from(url).toString('base64url')}`;
}
