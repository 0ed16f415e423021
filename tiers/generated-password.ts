import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecDataFromSourceRefGeneratorRefKind,
  ExternalSecretSpecRefreshPolicy,
  ExternalSecretSpecTargetCreationPolicy,
} from './crds/imports/external-secrets.io';

/** The key of the generated password in the Secret (what ESO's Password generator returns). */
export const GENERATED_PASSWORD_KEY = 'password';

/**
 * A password generated inside the cluster by External Secrets, once: a `Password` generator and an
 * ExternalSecret (`refreshPolicy: CreatedOnce`) that writes it to Secret `name` (key `password`) in
 * the app's namespace. It never leaves the cluster and is never a chart default; it is read with
 * `kubectl -n <namespace> get secret <name> -o jsonpath='{.data.password}' | base64 -d`.
 *
 * @see https://external-secrets.io/latest/api/generator/password/
 */
export function generatedPassword(scope: Construct, name: string): void {
  new ApiObject(scope, `${name}-generator`, {
    apiVersion: 'generators.external-secrets.io/v1alpha1',
    kind: 'Password',
    metadata: { name },
    spec: { length: 32, digits: 6, symbols: 0, noUpper: false, allowRepeat: true },
  });
  new ExternalSecret(scope, `${name}-secret`, {
    metadata: { name },
    spec: {
      refreshPolicy: ExternalSecretSpecRefreshPolicy.CREATED_ONCE,
      target: { name, creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER },
      dataFrom: [
        {
          sourceRef: {
            generatorRef: {
              apiVersion: 'generators.external-secrets.io/v1alpha1',
              kind: ExternalSecretSpecDataFromSourceRefGeneratorRefKind.PASSWORD,
              name,
            },
          },
        },
      ],
    },
  });
}
