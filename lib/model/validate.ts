import { show } from './errors';

/**
 * Reads an untyped JSON-ish value field by field, collecting every problem instead of stopping at
 * the first, so one run reports all of them (the aws-rds `validate-database-cluster-props` habit).
 *
 * Each problem reads `<path>: received <value>; <what is allowed>`.
 */
export class FieldReader {
  private constructor(
    private readonly value: Record<string, unknown>,
    public readonly path: string,
    private readonly problems: string[],
  ) {}

  /** Starts reading `value` (which must be an object) at `path`. */
  public static root(value: unknown, path: string, problems: string[]): FieldReader | undefined {
    if (!isPlainObject(value)) {
      problems.push(`${path}: received ${show(value)}; expected an object`);
      return undefined;
    }
    return new FieldReader(value, path, problems);
  }

  public at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  public has(key: string): boolean {
    return this.value[key] !== undefined;
  }

  /** Reports keys that are not in `known`: a typo must not silently fall back to a default. */
  public rejectUnknownKeys(known: readonly string[]): void {
    for (const key of Object.keys(this.value)) {
      if (!known.includes(key)) {
        this.problem(key, this.value[key], `"${key}" is not a known key; allowed keys: ${known.join(', ')}`);
      }
    }
  }

  public problem(key: string, received: unknown, expected: string): void {
    this.problems.push(`${this.at(key)}: received ${show(received)}; ${expected}`);
  }

  public object(key: string): FieldReader | undefined {
    return FieldReader.root(this.value[key], this.at(key), this.problems);
  }

  public string(key: string, rule: { pattern?: RegExp; expected: string; fallback?: string }): string {
    const raw = this.value[key] ?? rule.fallback;
    if (typeof raw !== 'string' || (rule.pattern && !rule.pattern.test(raw))) {
      this.problem(key, raw, rule.expected);
      return '';
    }
    return raw;
  }

  public optionalString(key: string, rule: { pattern?: RegExp; expected: string }): string | undefined {
    return this.has(key) ? this.string(key, rule) : undefined;
  }

  public oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T {
    const raw = this.value[key] ?? fallback;
    if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) {
      this.problem(key, raw, `allowed: ${allowed.join(', ')}`);
      return allowed[0];
    }
    return raw as T;
  }

  public integer(key: string, range: { min: number; max: number; fallback?: number }): number {
    const raw = this.value[key] ?? range.fallback;
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < range.min || raw > range.max) {
      this.problem(key, raw, `expected an integer from ${range.min} to ${range.max}`);
      return range.min;
    }
    return raw;
  }

  public boolean(key: string, fallback?: boolean): boolean {
    const raw = this.value[key] ?? fallback;
    if (typeof raw !== 'boolean') {
      this.problem(key, raw, 'expected true or false');
      return false;
    }
    return raw;
  }

  /** Reads an array, handing each element to `item` with its own path (`key[i]`). */
  public array<T>(
    key: string,
    item: (value: unknown, path: string) => T | undefined,
    size: { min: number; max?: number; fallback?: readonly unknown[] } = { min: 0 },
  ): T[] {
    const raw = this.value[key] ?? size.fallback;
    const max = size.max ?? Number.MAX_SAFE_INTEGER;
    if (!Array.isArray(raw) || raw.length < size.min || raw.length > max) {
      this.problem(key, raw, `expected ${listBounds(size.min, size.max)}`);
      return [];
    }
    const out: T[] = [];
    raw.forEach((v, i) => {
      const parsed = item(v, `${this.at(key)}[${i}]`);
      if (parsed !== undefined) out.push(parsed);
    });
    return out;
  }

  /** Reads a list of strings matching `pattern`, each element checked with its own path. */
  public stringList(
    key: string,
    rule: { pattern: RegExp; expected: string; min?: number; max?: number; fallback?: readonly string[] },
  ): string[] {
    return this.array(
      key,
      (v, path) => {
        if (typeof v !== 'string' || !rule.pattern.test(v)) {
          this.problems.push(`${path}: received ${show(v)}; ${rule.expected}`);
          return undefined;
        }
        return v;
      },
      { min: rule.min ?? 0, max: rule.max, fallback: rule.fallback },
    );
  }

  /** Records a problem at an arbitrary path (for cross-field rules). */
  public report(path: string, received: unknown, expected: string): void {
    this.problems.push(`${path}: received ${show(received)}; ${expected}`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "a list", "a list of at least 1 entry", "a list of at most 3 entries", "... 2 to 3 entries", "... exactly 2 entries". */
function listBounds(min: number, max: number | undefined): string {
  const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;
  if (max === undefined) return min > 0 ? `a list of at least ${entries(min)}` : 'a list';
  if (min === max) return `a list of exactly ${entries(max)}`;
  return min > 0 ? `a list of ${min} to ${entries(max)}` : `a list of at most ${entries(max)}`;
}
