import { Chart } from 'cdk8s';
import { INGRESS_CLASS } from '../../lib/model/kubernetes';
import type { Construct } from 'constructs';
import { PlatformApplication } from '../application';
import { type AppChartProps, host, ingressAnnotations, kubernetesSecretName } from '../context';

/**
 * Backstage on the platform database (tier 2, wave 100). It reads `goldenpath/<env>/backstage/postgres`
 * and `goldenpath/<env>/backstage/secrets` through their ExternalSecrets; their keys become
 * environment variables that the app config refers to.
 */
export class BackstageChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { context } = props;
    const baseUrl = `https://${host(context, 'backstage')}`;
    const values = {
      backstage: {
        extraEnvVarsSecrets: ['backstage/postgres', 'backstage/secrets'].map(kubernetesSecretName),
        appConfig: {
          app: { baseUrl },
          backend: {
            baseUrl,
            auth: { keys: [{ secret: '${token}' }] },
            database: {
              client: 'pg',
              connection: {
                host: '${host}',
                port: '${port}',
                user: '${username}',
                password: '${password}',
                ssl: { require: true, rejectUnauthorized: false },
              },
            },
          },
        },
      },
      postgresql: { enabled: false },
      ingress: {
        enabled: true,
        className: INGRESS_CLASS,
        host: host(context, 'backstage'),
        annotations: ingressAnnotations(context),
        tls: { enabled: true, secretName: 'backstage-tls' },
      },
    };
    new PlatformApplication(this, 'Application', { ...props, values });
  }
}
