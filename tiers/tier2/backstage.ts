import { INGRESS_CLASS } from '../../lib/model/kubernetes';
import { httpOk } from '../acceptance';
import { host, ingressAnnotations, kubernetesSecretName, platformImage } from '../context';
import { ALL_LIFECYCLES } from '../definition';
import { tier2App } from './tier';

/** Where tier 2 acceptance probes Backstage (release `backstage`, its backend port). */
export const BACKSTAGE_URL = 'http://backstage.backstage.svc.cluster.local:7007/';

const SECRETS = ['backstage/postgres', 'backstage/secrets'];

/**
 * Backstage on the platform database (tier 2, wave 100). It reads `goldenpath/<env>/backstage/postgres`
 * and `goldenpath/<env>/backstage/secrets` (generated, key `token`) through their ExternalSecrets;
 * their keys become environment variables that the app config refers to. The image is the
 * project's own, from the environment's ECR repository `goldenpath/<env>/backstage`.
 */
export const backstage = tier2App({
  name: 'backstage',
  wave: 100,
  namespace: 'backstage',
  chart: 'backstage',
  needs: ['database', 'appSecrets'],
  secrets: SECRETS,
  generatedSecrets: [{ id: 'backstage/secrets', key: 'token' }],
  lifecycles: ALL_LIFECYCLES,
  summary: 'Backstage on the platform database',
  values: (context) => {
    const baseUrl = `https://${host(context, 'backstage')}`;
    return {
      backstage: {
        image: platformImage(context, 'backstage'),
        extraEnvVarsSecrets: SECRETS.map(kubernetesSecretName),
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
  },
  acceptance: [
    {
      id: 'backstage-200',
      description: 'Backstage answers 200',
      remedy: 'kubectl -n backstage logs deploy/backstage',
      script: httpOk(BACKSTAGE_URL),
    },
  ],
});
