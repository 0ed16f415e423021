// Imported first by bin/app.ts: V8 keeps what it compiled of every module the app loads (most of
// them aws-cdk-lib's and cdk-nag's) in node_modules/.cache, so a synth after the first one skips
// compiling them. Keyed by each file's content; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import { enableCompileCache } from 'node:module';
import { join } from 'node:path';

enableCompileCache(join(__dirname, '..', 'node_modules', '.cache', 'goldenpath-cdk', 'node-compile-cache'));
