import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface PackageJson {
  readonly engines: { readonly node: string };
  readonly dependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
}
interface Lockfile {
  readonly packages: Record<string, { readonly version?: string }>;
}

const pkg = JSON.parse(read('package.json')) as PackageJson;
const lock = JSON.parse(read('package-lock.json')) as Lockfile;
const nodeMajor = read('.nvmrc').trim();

/** `{ name: [versions installed] }` for every package of the lockfile whose name matches. */
function installed(match: RegExp): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [path, entry] of Object.entries(lock.packages)) {
    const name = path.replace(/^.*node_modules\//, '');
    if (!path || !match.test(name) || !entry.version) continue;
    out[name] = [...new Set([...(out[name] ?? []), entry.version])].sort();
  }
  return out;
}

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe('the AWS SDK moves as one', () => {
  const declared = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(([n]) =>
    n.startsWith('@aws-sdk/'),
  );

  test('every @aws-sdk/* dependency is pinned to the same exact version', () => {
    const versions = new Set(declared.map(([, v]) => v));
    expect(declared.length).toBeGreaterThan(0);
    expect({ versions: [...versions], exact: [...versions].every((v) => /^\d+\.\d+\.\d+$/.test(v)) }).toEqual(
      {
        versions: [declared[0][1]],
        exact: true,
      },
    );
  });

  test('the lockfile installs each client at that version, and no @aws-sdk/* package twice', () => {
    const clients = installed(/^@aws-sdk\/client-/);
    expect(Object.keys(clients).sort()).toEqual(declared.map(([n]) => n).sort());
    const drifted = Object.entries(installed(/^@aws-sdk\//)).filter(
      ([name, versions]) =>
        versions.length > 1 || (name.startsWith('@aws-sdk/client-') && versions[0] !== declared[0][1]),
    );
    expect(drifted).toEqual([]);
  });
});

describe('one Node major everywhere', () => {
  test('.nvmrc names a current LTS major and engines asks for it', () => {
    expect(nodeMajor).toMatch(/^(22|24)$/);
    expect(pkg.engines.node).toMatch(new RegExp(`^>=${nodeMajor}(\\.\\d+){0,2}$`));
    expect(pkg.devDependencies['@types/node']).toMatch(new RegExp(`^${nodeMajor}\\.`));
  });

  test('every setup-node step of the workflows and actions reads .nvmrc', () => {
    const files = [...filesUnder('.github', /\.ya?ml$/)];
    const steps = files.flatMap((file) => {
      const doc = parse(read(file)) as {
        jobs?: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }>;
        runs?: { steps?: { uses?: string; with?: Record<string, unknown> }[] };
      };
      const all = [
        ...Object.values(doc.jobs ?? {}).flatMap((j) => j.steps ?? []),
        ...(doc.runs?.steps ?? []),
      ];
      return all
        .filter((s) => s.uses?.startsWith('actions/setup-node@'))
        .map((s) => ({ file, with: s.with }));
    });
    expect(steps.length).toBeGreaterThan(0);
    expect(
      steps.filter((s) => s.with?.['node-version-file'] !== '.nvmrc' || 'node-version' in (s.with ?? {})),
    ).toEqual([]);
  });

  test('.ci/run takes its Node major from .nvmrc', () => {
    expect(read('.ci/run')).toContain('node_major=$(cat .nvmrc)');
  });

  test('every Lambda runs on a Node runtime AWS supports (22 or newer)', () => {
    const runtimes = filesUnder('constructs', /\.ts$/).flatMap((file) =>
      [...read(file).matchAll(/Runtime\.NODEJS_(\d+)_X/g)].map((m) => ({ file, major: Number(m[1]) })),
    );
    expect(runtimes.length).toBeGreaterThan(0);
    expect(runtimes.filter((r) => r.major < 22)).toEqual([]);
  });
});

describe('every npm script is documented and checked', () => {
  const readme = read('README.md');
  const table = readme.slice(
    readme.indexOf('<!-- scripts:start -->'),
    readme.indexOf('<!-- scripts:end -->'),
  );
  const rows = [...table.matchAll(/^\| `npm (?:run )?([\w:-]+)` \|.*\| ([^|]+) \|$/gm)].map((m) => ({
    script: m[1],
    checkedBy: [...m[2].matchAll(/`([^`]+)`/g)].map((c) => c[1]),
  }));
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

  test("the README's Scripts table lists exactly the scripts of package.json", () => {
    expect(rows.map((r) => r.script).sort()).toEqual(Object.keys(scripts).sort());
  });

  test('each script is run by every file the table says checks it', () => {
    const unchecked = rows.flatMap(({ script, checkedBy }) => {
      // A test may run the script's bin/ file directly, as `npm run` would.
      const invocations = [
        script === 'test' ? 'npm test' : `npm run ${script}`,
        ...[...scripts[script].matchAll(/\bbin\/[\w.-]+\.ts\b/g)].map((m) => m[0]),
      ];
      if (checkedBy.length === 0) return [{ script, file: '(none)' }];
      return checkedBy
        .filter((file) => !invocations.some((inv) => read(file).includes(inv)))
        .map((file) => ({ script, file }));
    });
    expect(unchecked).toEqual([]);
  });
});
