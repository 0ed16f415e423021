import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, aws_lambda as lambda, aws_lambda_nodejs as lambdaNode } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  HANDLER_BUNDLING,
  bundleHandler,
  bundledHandler,
} from '../../../constructs/foundation/lambda-bundle';
import { LONG_UNUSED_MS, lastUsedAgo, outputsIn } from '../../support/build-cache';

const RUNTIME = join(__dirname, '..', '..', '..', 'constructs', 'runtime');
const REAPER = join(RUNTIME, 'build-reaper.handler.ts');
const SWEEPER = join(RUNTIME, 'build-sweeper.handler.ts');

/** A file last changed a minute ago, as sources are when a synth starts. */
function writeSource(file: string, content: string): void {
  writeFileSync(file, content);
  const past = new Date(Date.now() - 60_000);
  utimesSync(file, past, past);
}

describe('bundleHandler: one esbuild run per content', () => {
  let dir: string;
  let cache: string;
  let entry: string;
  let dep: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'goldenpath-bundle-'));
    cache = join(dir, 'cache');
    entry = join(dir, 'entry.ts');
    dep = join(dir, 'dep.ts');
    writeSource(entry, "import { word } from './dep';\nexport const handler = async () => word;\n");
    writeSource(dep, "export const word: string = 'one';\n");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const bundle = () => bundleHandler(entry, HANDLER_BUNDLING, cache);
  const code = (d: string) => readFileSync(join(d, 'index.js'), 'utf8');

  test('the same sources are a cache hit with the same bundle', () => {
    const first = bundle();
    const second = bundle();
    expect([first.cacheHit, second.cacheHit]).toEqual([false, true]);
    expect(second.dir).toBe(first.dir);
    expect(code(second.dir)).toContain('"one"');
  });

  test('a changed byte in an imported file rebundles, and the old bundle is removed once unused', () => {
    const first = bundle();
    lastUsedAgo(first.dir, LONG_UNUSED_MS);
    writeSource(dep, "export const word: string = 'two';\n");
    const second = bundle();
    expect(second.cacheHit).toBe(false);
    expect(code(second.dir)).toContain('"two"');
    const names = readdirSync(cache);
    expect(outputsIn(names)).toEqual([second.dir.split('/').pop()]);
    expect(names.filter((n) => n.endsWith('.json'))).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.json$/)]);
    expect(first.dir).not.toBe(second.dir);
  });

  test('other options are another cache entry', () => {
    bundle();
    const unminified = bundleHandler(entry, { ...HANDLER_BUNDLING, minify: false }, cache);
    expect(unminified.cacheHit).toBe(false);
    expect(code(unminified.dir)).toContain('var word = "one"');
  });

  test('a handler that does not compile fails the synth with esbuild’s message', () => {
    writeSource(dep, 'export const word: string = ;\n');
    expect(bundle).toThrow(/Build failed with 1 error:\n.*dep\.ts:1:28: ERROR: Unexpected ";"/);
  });
});

describe('bundledHandler', () => {
  /** The S3 keys of the stack's Lambda functions, in construct order. */
  function codeKeys(build: (stack: Stack) => void): string[] {
    const app = new App({ context: { '@aws-cdk/aws-lambda-nodejs:useLatestRuntimeVersion': true } });
    const stack = new Stack(app, 'S');
    build(stack);
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    return Object.values(functions).map(
      (f) => (f as { Properties: { Code: { S3Key: string } } }).Properties.Code.S3Key,
    );
  }

  const props = { runtime: lambda.Runtime.NODEJS_24_X, architecture: lambda.Architecture.ARM_64 };

  test("makes the same asset as NodejsFunction's own bundling, one per entry, cached or not", () => {
    const ours = () =>
      codeKeys((stack) => {
        new lambdaNode.NodejsFunction(stack, 'Reaper', { ...props, ...bundledHandler(REAPER) });
        new lambdaNode.NodejsFunction(stack, 'Sweeper', { ...props, ...bundledHandler(SWEEPER) });
      });
    const cdks = codeKeys((stack) => {
      for (const [id, entry] of [
        ['Reaper', REAPER],
        ['Sweeper', SWEEPER],
      ]) {
        new lambdaNode.NodejsFunction(stack, id, {
          ...props,
          entry,
          bundling: {
            externalModules: ['@aws-sdk/*'],
            minify: true,
            sourceMap: false,
            logLevel: lambdaNode.LogLevel.SILENT,
          },
        });
      }
    });
    const first = ours();
    expect(new Set(first).size).toBe(2);
    expect(first).toEqual(cdks);
    expect(ours()).toEqual(cdks);
  });
});
