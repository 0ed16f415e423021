import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApp as runAppInto } from '../support/app';

/** Runs the app into a temporary directory it removes, and lists the templates it wrote. */
function runApp(context: Record<string, string>) {
  const outdir = mkdtempSync(join(tmpdir(), 'goldenpath-app-'));
  try {
    const { status, stderr } = runAppInto(outdir, context);
    const templates = status === 0 ? readdirSync(outdir).filter((f) => f.endsWith('.template.json')) : [];
    return { status, stderr, templates };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('bin/app.ts', () => {
  test('bad input prints one clear message, no stack trace, and exits 1', () => {
    const { status, stderr } = runApp({ env: 'nope' });
    expect(status).toBe(1);
    expect(stderr).toBe('Unknown environment: -c env=nope: allowed environments: dev, test, staging, prod\n');
  });

  test('a malformed build id is refused with the allowed format', () => {
    const { status, stderr } = runApp({ buildId: 'PR_123' });
    expect(status).toBe(1);
    expect(stderr).toBe(
      'Invalid build id: -c buildId=PR_123: allowed are lower-case letters, digits and single hyphens, starting and ending with a letter or digit (for example 26-01-23-01 or pr-123)\n',
    );
  });

  test('the default synth writes the dev Foundation', () => {
    const { status, templates } = runApp({});
    expect(status).toBe(0);
    expect(templates).toContain('Foundation.template.json');
  });
});
