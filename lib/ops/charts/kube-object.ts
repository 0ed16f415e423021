/** A Kubernetes object as a chart renders it: `apiVersion` and `kind`, and whatever else it carries. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** True when `value` is a mapping with a string `apiVersion` and a string `kind`. */
export function isKubeObject(value: unknown): value is KubeObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { apiVersion, kind } = value as Record<string, unknown>;
  return typeof apiVersion === 'string' && typeof kind === 'string';
}

/** `<apiVersion> <kind> <namespace>/<name>` (or `<name>` when it has no namespace), for messages. */
export function describeObject(object: KubeObject): string {
  const { name = '(no name)', namespace } = object.metadata ?? {};
  return `${object.apiVersion} ${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** The API group of an `apiVersion` (`''` for the core group) and its version. */
export function splitApiVersion(apiVersion: string): { readonly group: string; readonly version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
