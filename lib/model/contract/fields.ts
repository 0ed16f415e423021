import type { Catalogue } from '../catalogue';
import type { EnvironmentConfig } from '../config';
import { platformSecrets } from '../secrets';
import { FOUNDATION_CAPABILITIES, type FoundationCapabilities, foundationCapabilities } from './capabilities';

/** What the writer knows besides a field's value: the AZs the subnet keys are per. */
export interface WriteContext {
  readonly availabilityZones: readonly string[];
}

/**
 * How one field of the contract crosses the plane boundary: under which SSM keys it is published
 * (relative to `contractParameterName`), how its value is written, and how a cluster reads it back.
 * A field whose value comes from config is read from config, never from SSM. The keys depend on
 * `config` and on the apps of `catalogue` (the secrets they declare).
 */
export interface ContractField<T> {
  /** The keys `config`'s Foundation publishes this field under, in publishing order. */
  keys(config: EnvironmentConfig, catalogue: Catalogue): string[];
  /** The published `[key, value]` pairs of `value`, in publishing order. */
  write(value: T, context: WriteContext): [string, string][];
  /** The value as a cluster sees it, each key read through `value(key)` on first use only. */
  read(config: EnvironmentConfig, catalogue: Catalogue, value: (key: string) => string): T;
}

/** The value type a field carries. */
export type FieldValue<F> = F extends ContractField<infer T> ? T : never;

/** One string under one key. */
export interface TextField extends ContractField<string> {
  readonly key: string;
}

export function text(key: string): TextField {
  return {
    key,
    keys: () => [key],
    write: (value) => [[key, value]],
    read: (_config, _catalogue, value) => value(key),
  };
}

/** Not published: the value is the Foundation's config (`env`, the AZ list). */
export function fromConfig<T>(pick: (config: EnvironmentConfig) => T): ContractField<T> {
  return { keys: () => [], write: () => [], read: (config) => pick(config) };
}

/** Subnet ids keyed by availability zone (the AZ list comes from config, never from a token). */
export type SubnetIdsByAz = { readonly [availabilityZone: string]: string };

/** One key per availability zone: `<prefix>/<az>`, so no list token is ever split. */
export function perAz(prefix: string): ContractField<SubnetIdsByAz> {
  return {
    keys: (config) => config.availabilityZones.map((az) => `${prefix}/${az}`),
    write: (ids, { availabilityZones }) => availabilityZones.map((az) => [`${prefix}/${az}`, ids[az]]),
    read: (config, _catalogue, value) =>
      lazyObject(
        Object.fromEntries(config.availabilityZones.map((az) => [az, () => value(`${prefix}/${az}`)])),
      ),
  };
}

/** Secret ARNs keyed by secret id (`keycloak/admin`, `backstage/postgres`, ...); see `platformSecrets`. */
export type SecretArns = { readonly [secretId: string]: string };

/** One key per Foundation secret: `secrets/<id>/arn`. */
export function secretArns(): ContractField<SecretArns> {
  const key = (id: string) => `secrets/${id}/arn`;
  return {
    keys: (config, catalogue) => platformSecrets(config, catalogue).map((s) => key(s.id)),
    write: (arns) => Object.entries(arns).map(([id, arn]) => [key(id), arn]),
    read: (config, catalogue, value) =>
      lazyObject(
        Object.fromEntries(platformSecrets(config, catalogue).map((s) => [s.id, () => value(key(s.id))])),
      ),
  };
}

/**
 * The capability flags, published as `capabilities/<name>` for preflight; a cluster takes them
 * from the Foundation's config at synth time, which is what lets synth refuse a tier.
 */
export function capabilityFlags(): ContractField<FoundationCapabilities> {
  const key = (c: string) => `capabilities/${c}`;
  return {
    keys: () => FOUNDATION_CAPABILITIES.map(key),
    write: (flags) => FOUNDATION_CAPABILITIES.map((c) => [key(c), String(flags[c])]),
    read: (config) => foundationCapabilities(config),
  };
}

/** A group of text fields that exists only when the Foundation has `capability`. */
export function whenCapable<G extends Record<string, TextField>>(
  capability: keyof FoundationCapabilities,
  group: G,
): ContractField<{ readonly [K in keyof G]: string } | undefined> & { readonly fields: G } {
  const fields = Object.values(group);
  return {
    fields: group,
    keys: (config) => (foundationCapabilities(config)[capability] ? fields.map((f) => f.key) : []),
    write: (value) => (value ? Object.entries(group).map(([name, f]) => [f.key, value[name]]) : []),
    read: (config, _catalogue, value) =>
      foundationCapabilities(config)[capability]
        ? lazyObject<{ readonly [K in keyof G]: string }>(
            Object.fromEntries(Object.entries(group).map(([name, f]) => [name, () => value(f.key)])) as {
              [K in keyof G]: () => string;
            },
          )
        : undefined,
  };
}

/**
 * An object whose fields are computed on first read. The reader uses it so that a cluster stack
 * gets an SSM template parameter only for the contract values it actually uses (an unused
 * parameter is a template warning, and each one counts against the 200-parameter limit).
 */
export function lazyObject<T extends object>(fields: { readonly [K in keyof T]: () => T[K] }): T {
  const out = {} as T;
  for (const key of Object.keys(fields) as (keyof T)[]) {
    let cache: { readonly value: T[keyof T] } | undefined;
    Object.defineProperty(out, key, {
      enumerable: true,
      get: () => (cache ??= { value: fields[key]() }).value,
    });
  }
  return out;
}
