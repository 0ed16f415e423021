/**
 * Finds secret values written into manifests or values: every client secret, secret or password
 * field (in objects, and in the YAML, JSON and INI text that ConfigMaps and values carry) must be a
 * reference the consumer resolves at run time, never a value.
 */

/** The reference forms the project uses: keycloak-config-cli, Backstage, Grafana, ArgoCD. */
const REFERENCE =
  /^(\$\(env:[A-Z0-9_]+\)|\$\{[A-Za-z0-9_]+\}|\$__(env|file)\{[^}]+\}|\$[a-z0-9-]+:[a-z0-9.-]+)$/;

/** Field names that hold a secret value (not a Secret's name or key). */
const SECRET_FIELD = /^(client[-_]?secret|secret|password|admin[-_]?password)$/i;

/**
 * `clientSecret: x`, `- password: x`, `client_secret = x`, `"secret": "x"` inside text: a field at the
 * start of a line or of a JSON member (not a word inside a sentence such as `check secret:<id>`).
 */
const IN_TEXT =
  /(?:^|[\n{,])[ \t]*(?:-[ \t]+)?["']?(client[-_]?secret|secret|password|admin[-_]?password)["']?[ \t]*[:=][ \t]*["']?([^"'\s,]*)/gi;

function textFindings(text: string, path: string): string[] {
  const found: string[] = [];
  for (const [, field, value] of text.matchAll(IN_TEXT)) {
    // `secret:` opening a nested block (YAML) has no value on its line.
    if (value === '' || value === '|' || value === '>') continue;
    // An unquoted value may run into the JSON or flow-YAML brackets that close it.
    if (!REFERENCE.test(value) && !REFERENCE.test(value.replace(/[}\]]+$/, ''))) {
      found.push(`${path}: ${field} = ${value}`);
    }
  }
  return found;
}

/** Every literal secret in `value`, as `<path>: <field> = <value>` (empty when there is none). */
export function literalSecrets(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return textFindings(value, path);
  if (Array.isArray(value)) return value.flatMap((v, i) => literalSecrets(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  const found: string[] = [];
  // A Secret rendered by a chart: its data, decoded, is text like any other.
  if (o.kind === 'Secret' && o.data && typeof o.data === 'object') {
    for (const [k, v] of Object.entries(o.data as Record<string, string>)) {
      found.push(...textFindings(Buffer.from(v, 'base64').toString('utf8'), `${path}.data.${k}`));
    }
  }
  // A Keycloak credential: `{ type: 'password', value }`.
  if (o.type === 'password' && typeof o.value === 'string' && !REFERENCE.test(o.value)) {
    found.push(`${path}.value: password = ${o.value}`);
  }
  for (const [k, v] of Object.entries(o)) {
    if (SECRET_FIELD.test(k) && typeof v === 'string' && !REFERENCE.test(v)) {
      found.push(`${path}.${k}: ${k} = ${v}`);
    } else if (!(o.kind === 'Secret' && k === 'data')) {
      found.push(...literalSecrets(v, `${path}.${k}`));
    }
  }
  return found;
}
