import { FieldReader, isPlainObject } from '../../../lib/model/validate';

/** A reader of `value` at `environments.dev.x`, and the problems it collects. */
function reader(value: Record<string, unknown>) {
  const problems: string[] = [];
  return { r: FieldReader.root(value, 'environments.dev.x', problems)!, problems };
}

describe('FieldReader.root', () => {
  test.each([
    ['a string', 'cluster', '"cluster"'],
    ['a list', ['a'], '["a"]'],
    ['null', null, 'null'],
    ['a number', 3, '3'],
    ['nothing', undefined, '(missing)'],
  ])('refuses %s, naming the path and the value', (_, value, shown) => {
    const problems: string[] = [];
    expect(FieldReader.root(value, 'environments.dev', problems)).toBeUndefined();
    expect(problems).toEqual([`environments.dev: received ${shown}; expected an object`]);
  });

  test('paths below the root are dotted; below an empty root, the key alone', () => {
    const problems: string[] = [];
    expect(FieldReader.root({}, 'defaults', problems)!.at('owner')).toBe('defaults.owner');
    expect(FieldReader.root({}, '', problems)!.at('owner')).toBe('owner');
    expect(problems).toEqual([]);
  });
});

describe('reading fields: each problem names the path, the value received and what is allowed', () => {
  test('has: a key set to undefined counts as absent', () => {
    const { r } = reader({ a: 1, b: undefined, c: null });
    expect(['a', 'b', 'c', 'd'].map((k) => r.has(k))).toEqual([true, false, true, false]);
  });

  test('rejectUnknownKeys: a typo is reported with the known keys, never defaulted', () => {
    const { r, problems } = reader({ owner: 'me', ownr: 'you', maxTeir: 2 });
    r.rejectUnknownKeys(['owner', 'maxTier']);
    expect(problems).toEqual([
      'environments.dev.x.ownr: received "you"; "ownr" is not a known key; allowed keys: owner, maxTier',
      'environments.dev.x.maxTeir: received 2; "maxTeir" is not a known key; allowed keys: owner, maxTier',
    ]);
  });

  test('object: a nested reader carries the nested path, a non-object is refused', () => {
    const { r, problems } = reader({ database: { port: 'x' }, cluster: 'big' });
    const database = r.object('database')!;
    expect(database.path).toBe('environments.dev.x.database');
    database.integer('port', { min: 1024, max: 65535 });
    expect(r.object('cluster')).toBeUndefined();
    expect(problems).toEqual([
      'environments.dev.x.database.port: received "x"; expected an integer from 1024 to 65535',
      'environments.dev.x.cluster: received "big"; expected an object',
    ]);
  });

  describe('string', () => {
    const rule = { pattern: /^[a-z]+$/, expected: 'expected lower-case letters' };

    test('returns a value that matches', () => {
      const { r, problems } = reader({ owner: 'platform' });
      expect(r.string('owner', rule)).toBe('platform');
      expect(problems).toEqual([]);
    });

    test.each([
      ['a value that does not match', { owner: 'Platform' }, '"Platform"'],
      ['a value of another type', { owner: 42 }, '42'],
      ['a missing value without fallback', {}, '(missing)'],
    ])('refuses %s and returns an empty string', (_, value, shown) => {
      const { r, problems } = reader(value);
      expect(r.string('owner', rule)).toBe('');
      expect(problems).toEqual([`environments.dev.x.owner: received ${shown}; expected lower-case letters`]);
    });

    test('a missing or null value takes the fallback, which is checked too', () => {
      const { r, problems } = reader({ b: null });
      expect(r.string('a', { ...rule, fallback: 'team' })).toBe('team');
      expect(r.string('b', { ...rule, fallback: 'team' })).toBe('team');
      expect(r.string('c', { ...rule, fallback: 'Team' })).toBe('');
      expect(problems).toEqual(['environments.dev.x.c: received "Team"; expected lower-case letters']);
    });

    test('without a pattern any string is accepted', () => {
      const { r, problems } = reader({ summary: 'Anything at all.' });
      expect(r.string('summary', { expected: 'expected text' })).toBe('Anything at all.');
      expect(problems).toEqual([]);
    });

    test('optionalString: absent is undefined and no problem; present is checked', () => {
      const { r, problems } = reader({ topic: 'ARN' });
      expect(r.optionalString('alarm', rule)).toBeUndefined();
      expect(r.optionalString('topic', rule)).toBe('');
      expect(problems).toEqual(['environments.dev.x.topic: received "ARN"; expected lower-case letters']);
    });
  });

  describe('oneOf', () => {
    const ENVS = ['dev', 'test', 'prod'] as const;

    test('returns an allowed value, or the fallback when missing', () => {
      const { r, problems } = reader({ env: 'test' });
      expect([r.oneOf('env', ENVS), r.oneOf('other', ENVS, 'prod')]).toEqual(['test', 'prod']);
      expect(problems).toEqual([]);
    });

    test.each([
      [{ env: 'qa' }, '"qa"'],
      [{ env: 1 }, '1'],
      [{}, '(missing)'],
    ])('refuses %j, listing what is allowed, and returns the first allowed value', (value, shown) => {
      const { r, problems } = reader(value);
      expect(r.oneOf('env', ENVS)).toBe('dev');
      expect(problems).toEqual([`environments.dev.x.env: received ${shown}; allowed: dev, test, prod`]);
    });
  });

  describe('integer', () => {
    const range = { min: 1, max: 10 };

    test('returns a whole number in range, bounds included, or the fallback when missing', () => {
      const { r, problems } = reader({ a: 1, b: 10 });
      expect([
        r.integer('a', range),
        r.integer('b', range),
        r.integer('c', { ...range, fallback: 3 }),
      ]).toEqual([1, 10, 3]);
      expect(problems).toEqual([]);
    });

    test.each([
      [0, '0'],
      [11, '11'],
      [2.5, '2.5'],
      ['3', '"3"'],
      [undefined, '(missing)'],
    ])('refuses %j with the range and returns the minimum', (value, shown) => {
      const { r, problems } = reader({ size: value });
      expect(r.integer('size', range)).toBe(1);
      expect(problems).toEqual([
        `environments.dev.x.size: received ${shown}; expected an integer from 1 to 10`,
      ]);
    });
  });

  describe('boolean', () => {
    test('returns true or false, or the fallback when missing', () => {
      const { r, problems } = reader({ a: true, b: false });
      expect([r.boolean('a'), r.boolean('b'), r.boolean('c', true)]).toEqual([true, false, true]);
      expect(problems).toEqual([]);
    });

    test.each([
      ['yes', '"yes"'],
      [1, '1'],
      [undefined, '(missing)'],
    ])('refuses %j and returns false', (value, shown) => {
      const { r, problems } = reader({ multiAz: value });
      expect(r.boolean('multiAz')).toBe(false);
      expect(problems).toEqual([`environments.dev.x.multiAz: received ${shown}; expected true or false`]);
    });
  });

  describe('array', () => {
    const evenNumber = (problems: string[]) => (v: unknown, path: string) => {
      if (typeof v === 'number' && v % 2 === 0) return v;
      problems.push(`${path}: not even`);
      return undefined;
    };

    test('hands each element its own path and keeps what the item reader returns', () => {
      const { r, problems } = reader({ sizes: [2, 3, 4] });
      expect(r.array('sizes', evenNumber(problems))).toEqual([2, 4]);
      expect(problems).toEqual(['environments.dev.x.sizes[1]: not even']);
    });

    test('a missing list takes the fallback; without one it is a problem, even with no minimum', () => {
      const { r, problems } = reader({});
      expect(r.array('sizes', evenNumber(problems), { min: 1, fallback: [6] })).toEqual([6]);
      expect(r.array('other', evenNumber(problems))).toEqual([]);
      expect(problems).toEqual(['environments.dev.x.other: received (missing); expected a list']);
    });

    test.each([
      ['a value that is not a list', 'x', { min: 1 }, '"x"; expected a list of at least 1 entry'],
      ['a list too short, with no maximum', [], { min: 1 }, '[]; expected a list of at least 1 entry'],
      [
        'a list too short, with a minimum of several',
        [2],
        { min: 2 },
        '[2]; expected a list of at least 2 entries',
      ],
      [
        'a list of the wrong length, with one allowed',
        [2],
        { min: 2, max: 2 },
        '[2]; expected a list of exactly 2 entries',
      ],
      [
        'a list too long, with one entry allowed',
        [2, 4],
        { min: 0, max: 1 },
        '[2,4]; expected a list of at most 1 entry',
      ],
      ['a list too short', [2], { min: 2, max: 3 }, '[2]; expected a list of 2 to 3 entries'],
      ['a list too long', [2, 4, 6, 8], { min: 2, max: 3 }, '[2,4,6,8]; expected a list of 2 to 3 entries'],
    ])('refuses %s with its bounds, without reading its elements', (_, value, size, message) => {
      const { r, problems } = reader({ sizes: value });
      expect(r.array('sizes', evenNumber(problems), size)).toEqual([]);
      expect(problems).toEqual([`environments.dev.x.sizes: received ${message}`]);
    });
  });

  describe('stringList', () => {
    const rule = { pattern: /^eu-west-2[abc]$/, expected: 'expected an availability zone of eu-west-2' };

    test('reports each bad element at its own path and keeps the good ones', () => {
      const { r, problems } = reader({ azs: ['eu-west-2a', 'us-east-1a', 7, 'eu-west-2c'] });
      expect(r.stringList('azs', rule)).toEqual(['eu-west-2a', 'eu-west-2c']);
      expect(problems).toEqual([
        'environments.dev.x.azs[1]: received "us-east-1a"; expected an availability zone of eu-west-2',
        'environments.dev.x.azs[2]: received 7; expected an availability zone of eu-west-2',
      ]);
    });

    test('bounds and fallback are those of the list', () => {
      const { r, problems } = reader({ azs: ['eu-west-2a'] });
      expect(r.stringList('azs', { ...rule, min: 2, max: 3 })).toEqual([]);
      expect(r.stringList('other', { ...rule, fallback: ['eu-west-2b'] })).toEqual(['eu-west-2b']);
      expect(problems).toEqual([
        'environments.dev.x.azs: received ["eu-west-2a"]; expected a list of 2 to 3 entries',
      ]);
    });
  });

  test('problem and report: at a key of this reader, or at any path (cross-field rules)', () => {
    const { r, problems } = reader({});
    r.problem('maxSize', 2, 'expected at least desiredSize (3)');
    r.report('environments.prod.database.multiAz', false, 'prod needs a Multi-AZ database');
    expect(problems).toEqual([
      'environments.dev.x.maxSize: received 2; expected at least desiredSize (3)',
      'environments.prod.database.multiAz: received false; prod needs a Multi-AZ database',
    ]);
  });

  test('every problem is collected, in reading order, instead of stopping at the first', () => {
    const { r, problems } = reader({ owner: 5, env: 'qa', size: 99 });
    r.string('owner', { expected: 'expected a name' });
    r.oneOf('env', ['dev']);
    r.integer('size', { min: 1, max: 3 });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'environments.dev.x.owner',
      'environments.dev.x.env',
      'environments.dev.x.size',
    ]);
  });
});

describe('isPlainObject', () => {
  test.each([
    [{}, true],
    [{ a: 1 }, true],
    [[], false],
    [null, false],
    [undefined, false],
    ['x', false],
    [1, false],
  ])('%j -> %s', (value, expected) => {
    expect(isPlainObject(value)).toBe(expected);
  });
});
