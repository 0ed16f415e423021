import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * Runs the app the way the CDK CLI does (cdk.json's `app`, bin/run.js): cdk.json's context and `context` in
 * CDK_CONTEXT_JSON, the output in `outdir` (CDK_OUTDIR), the validator off as in a default synth.
 */
export function runApp(outdir: string, context: Record<string, string>) {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const res = spawnSync(process.execPath, ['bin/run.js', 'bin/app.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, ...context }),
      CDK_VALIDATION: 'false',
    },
  });
  return { status: res.status, stderr: res.stderr };
}
