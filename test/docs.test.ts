import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const SOURCES = ['README.md', 'bin', 'lib', 'constructs', 'tiers', 'test', '.ci', '.github', 'docs'];

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [path];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|md|sh|ya?ml|mjs)$/.test(e.name) && !e.parentPath.includes('/imports'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const design = readFileSync(join(ROOT, 'docs', 'design.md'), 'utf8');
const sections = new Set([...design.matchAll(/^## (\d+a?)\. /gm)].map((m) => m[1]));

describe('the design lives in the repository', () => {
  test('every "DESIGN §n" reference names a section of docs/design.md', () => {
    const refs = SOURCES.flatMap(files).flatMap((file) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(/DESIGN §(\w+)/g)].map((m) => ({
        file,
        section: m[1],
      })),
    );
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((r) => r.section !== 'n' && !sections.has(r.section))).toEqual([]);
  });

  test('the README links only to files in the repository', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1])
      .filter((l) => !/^https?:/.test(l));
    expect(links).toContain('docs/design.md');
    expect(links.filter((l) => l.startsWith('..') || !existsSync(join(ROOT, l)))).toEqual([]);
    expect(readme).not.toMatch(/\.\.\/shared\/DESIGN|shared\/DESIGN\.md/);
  });
});
