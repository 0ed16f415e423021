import type { IValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import type { IValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { TIERS, type Tier } from '../lib/model/tier';
import { INGRESS_CLASS } from '../lib/model/kubernetes';
import { TIER_LABEL } from './application';

export interface GuardChartProps {
  /** Every Ingress host must end in `.<hostSuffix>`. */
  readonly hostSuffix: string;
  /** No Application may carry a tier label above it. */
  readonly maxTier: Tier;
}

export const INGRESS_POLICY = 'goldenpath-ingress-host-suffix';

/** Kong's Admin API and Kong Manager ports (HTTP and TLS): never behind a public Ingress. */
export const ADMIN_PORTS = [8001, 8444, 8002, 8445] as const;

/** CEL: the Ingress is of the public (internet-facing) class. */
const PUBLIC_CLASS = `(has(object.spec.ingressClassName) && object.spec.ingressClassName == '${INGRESS_CLASS}') || (has(object.metadata.annotations) && 'kubernetes.io/ingress.class' in object.metadata.annotations && object.metadata.annotations['kubernetes.io/ingress.class'] == '${INGRESS_CLASS}')`;

/** CEL: backend `b` is not an admin port (by number or by name). */
const NOT_ADMIN_BACKEND = (b: string) =>
  `!has(${b}.service) || !has(${b}.service.port) || !((has(${b}.service.port.number) && ${b}.service.port.number in [${ADMIN_PORTS.join(', ')}]) || (has(${b}.service.port.name) && ${b}.service.port.name.matches('admin|manager')))`;
export const TIER_POLICY = 'goldenpath-application-max-tier';

/**
 * The in-cluster guard without a webhook: two ValidatingAdmissionPolicies (native since
 * Kubernetes 1.30, evaluated by the API server, so nothing can brick the cluster) and their
 * bindings. One rejects an Ingress with a host outside the cluster's host suffix and, on the
 * public class, an Ingress with a `*-admin`/`*-manager` host or an admin port behind it; the other an
 * Application whose `goldenpath.idp/tier` label is above the cluster's maxTier (or not a tier).
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
export class GuardChart extends Chart {
  constructor(scope: Construct, id: string, props: GuardChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const allowedTiers = TIERS.filter((t) => t <= props.maxTier).map((t) => `'${t}'`);
    const ingress: IValidatingAdmissionPolicy = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: INGRESS_POLICY },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            {
              apiGroups: ['networking.k8s.io'],
              apiVersions: ['v1'],
              operations: ['CREATE', 'UPDATE'],
              resources: ['ingresses'],
            },
          ],
        },
        variables: [
          { name: 'suffix', expression: `'.${props.hostSuffix}'` },
          { name: 'public', expression: PUBLIC_CLASS },
        ],
        validations: [
          {
            expression:
              '!has(object.spec.rules) || object.spec.rules.all(r, !has(r.host) || r.host.endsWith(variables.suffix))',
            messageExpression: `'Ingress ' + object.metadata.name + ': every rule host must end in ' + variables.suffix`,
            reason: 'Forbidden',
          },
          {
            expression:
              '!has(object.spec.tls) || object.spec.tls.all(t, !has(t.hosts) || t.hosts.all(h, h.endsWith(variables.suffix)))',
            messageExpression: `'Ingress ' + object.metadata.name + ': every TLS host must end in ' + variables.suffix`,
            reason: 'Forbidden',
          },
          {
            expression:
              "!variables.public || !has(object.spec.rules) || object.spec.rules.all(r, !has(r.host) || !r.host.matches('^[^.]*-(admin|manager)[.]'))",
            messageExpression: `'Ingress ' + object.metadata.name + ': no *-admin or *-manager host on the public class ${INGRESS_CLASS}; use kubectl port-forward'`,
            reason: 'Forbidden',
          },
          {
            expression: `!variables.public || ((!has(object.spec.defaultBackend) || (${NOT_ADMIN_BACKEND('object.spec.defaultBackend')})) && (!has(object.spec.rules) || object.spec.rules.all(r, !has(r.http) || r.http.paths.all(p, ${NOT_ADMIN_BACKEND('p.backend')}))))`,
            messageExpression: `'Ingress ' + object.metadata.name + ': no admin port (${ADMIN_PORTS.join(', ')}, or a port named *admin*/*manager*) behind the public class ${INGRESS_CLASS}'`,
            reason: 'Forbidden',
          },
        ],
      },
    };
    const tier: IValidatingAdmissionPolicy = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: TIER_POLICY },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            {
              apiGroups: ['argoproj.io'],
              apiVersions: ['*'],
              operations: ['CREATE', 'UPDATE'],
              resources: ['applications'],
            },
          ],
        },
        variables: [
          {
            name: 'tier',
            expression: `has(object.metadata.labels) && '${TIER_LABEL}' in object.metadata.labels ? object.metadata.labels['${TIER_LABEL}'] : ''`,
          },
        ],
        validations: [
          {
            expression: `variables.tier == '' || variables.tier in [${allowedTiers.join(', ')}]`,
            messageExpression: `'Application ' + object.metadata.name + ': tier ' + variables.tier + ' is above this cluster maxTier ${props.maxTier}'`,
            reason: 'Forbidden',
          },
        ],
      },
    };
    const binding = (policyName: string): IValidatingAdmissionPolicyBinding => ({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: policyName },
      spec: { policyName, validationActions: ['Deny'] },
    });
    for (const obj of [ingress, binding(INGRESS_POLICY), tier, binding(TIER_POLICY)]) {
      new ApiObject(this, `${obj.kind}-${obj.metadata!.name}`, obj);
    }
  }
}
