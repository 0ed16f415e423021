import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENVIRONMENTS_FILE, readEnvironmentsFile } from '../../bin/environments-file';
import { UserInputError } from '../../lib/model/errors';

describe('readEnvironmentsFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'goldenpath-envfile-test-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("reads this checkout's config/environments.json by default", () => {
    expect(ENVIRONMENTS_FILE).toBe(join(__dirname, '..', '..', 'config', 'environments.json'));
    expect(readEnvironmentsFile()).toHaveProperty('environments.dev');
  });

  test('returns the parsed document unvalidated: validation is the model’s', () => {
    const file = join(dir, 'environments.json');
    writeFileSync(file, '{"environments": []}');
    expect(readEnvironmentsFile(file)).toEqual({ environments: [] });
  });

  test('text that is not JSON: the file, the parser’s reason and what is allowed', () => {
    const file = join(dir, 'environments.json');
    writeFileSync(file, '{"environments": {,}}');
    expect(() => readEnvironmentsFile(file)).toThrow(UserInputError);
    expect(() => readEnvironmentsFile(file)).toThrow(
      /^Invalid environments file: .*environments\.json: received text that is not JSON \(.+\); allowed: one JSON object/,
    );
  });

  test('a missing file: the file and the reason', () => {
    expect(() => readEnvironmentsFile(join(dir, 'missing.json'))).toThrow(
      /^Cannot read the environments file: .*missing\.json: ENOENT; allowed:/,
    );
  });
});
