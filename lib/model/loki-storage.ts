/** Where Loki runs and which service account carries its AWS identity (EKS Pod Identity). */
export const LOKI_SERVICE_ACCOUNT = { namespace: 'loki', serviceAccount: 'loki' } as const;

/**
 * The key prefix of one cluster's Loki data in the Foundation's log bucket: `loki-<clusterName>`
 * (objects under `loki-<clusterName>/`). A dash, not a slash, because Loki's `storage_prefix`
 * accepts only letters, digits and dashes; each cluster's Loki identity may touch only its own.
 */
export function lokiStoragePrefix(clusterName: string): string {
  return `loki-${clusterName}`;
}
