import { dirname, join } from 'node:path';

// jest runs `*.test.ts` and `*.spec.ts` files (jest.config.ts): tests in any other module run only
// when one of those imports it.

/** A call that declares tests or a block of them, at the start of a line. */
const DECLARES_TESTS = /^\s*(describe|test|it|describeWith\w*)(\.each|\.skip|\.only)?\s*[(`]/m;
const RELATIVE_IMPORT = /(?:^import|\bfrom)\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

/**
 * The modules of `files` (path → source) that declare tests but are no jest file and that no jest
 * file imports, directly or through other modules.
 */
export function unrunTestModules(files: ReadonlyMap<string, string>): string[] {
  const reached = new Set<string>();
  const queue = [...files.keys()].filter((f) => f.endsWith('.test.ts') || f.endsWith('.spec.ts'));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (reached.has(file)) continue;
    reached.add(file);
    for (const [, spec] of files.get(file)!.matchAll(RELATIVE_IMPORT)) {
      const base = join(dirname(file), spec);
      const target = [`${base}.ts`, join(base, 'index.ts'), base].find((f) => files.has(f));
      if (target) queue.push(target);
    }
  }
  return [...files.keys()].filter((f) => !reached.has(f) && DECLARES_TESTS.test(files.get(f)!)).sort();
}
