import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserInputError, show } from '../../model/errors';

/** A CloudFormation template as synthesized: plain JSON. */
export type Template = { readonly [key: string]: unknown };

/** What one stack synthesized to: its template and its rendered Kubernetes manifest files. */
export interface StackSnapshot {
  readonly stackName: string;
  /** @default - the stack has manifests but no template in this synth */
  readonly template?: Template;
  /** File path (relative to `<outdir>/manifests/<stackName>/`, `/`-separated) → file content. */
  readonly manifestFiles: ReadonlyMap<string, string>;
}

/** Everything one side of a diff synthesized, keyed by CloudFormation stack name. */
export type Snapshot = ReadonlyMap<string, StackSnapshot>;

/** File endings read as Kubernetes manifests (or the gating result) under `manifests/<stack>/`. */
const MANIFEST_FILE = /\.(ya?ml|json)$/;

interface ManifestArtifact {
  readonly type?: string;
  readonly properties?: {
    readonly templateFile?: string;
    readonly stackName?: string;
    readonly directoryName?: string;
  };
}

/**
 * Reads synth output into a `Snapshot`.
 *
 * `dir` is one cloud assembly (`manifest.json` in it) or a directory of them, one level down (what
 * `npm run diff` synthesizes: `<dir>/<env>/manifest.json`). Stack names carry the environment, so
 * the assemblies of every environment merge into one map. Manifests are read from
 * `<assembly>/manifests/<stackName>/**` whatever the file names.
 *
 * @throws UserInputError when `dir` holds no cloud assembly
 */
export function readSnapshot(dir: string, flag: string): Snapshot {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserInputError(`Invalid ${flag}`, [
      `${flag} ${show(dir)}: not a directory; allowed: a git ref, or a directory of cloud assemblies`,
    ]);
  }
  const assemblies = existsSync(join(dir, 'manifest.json'))
    ? [dir]
    : readdirSync(dir)
        .sort()
        .map((name) => join(dir, name))
        .filter((sub) => existsSync(join(sub, 'manifest.json')));
  if (assemblies.length === 0) {
    throw new UserInputError(`Invalid ${flag}`, [
      `${flag} ${show(dir)}: no cloud assembly in it; allowed: a directory with manifest.json, or with one sub-directory per environment that has one`,
    ]);
  }
  const stacks = new Map<string, StackSnapshot>();
  for (const assembly of assemblies) readAssembly(assembly, stacks);
  return stacks;
}

function readAssembly(dir: string, into: Map<string, StackSnapshot>): void {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    artifacts?: Record<string, ManifestArtifact>;
  };
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      readAssembly(join(dir, artifact.properties.directoryName), into);
    } else if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
      const stackName = artifact.properties.stackName ?? id;
      const template = JSON.parse(
        readFileSync(join(dir, artifact.properties.templateFile), 'utf8'),
      ) as Template;
      into.set(stackName, {
        stackName,
        template,
        manifestFiles: readManifestFiles(join(dir, 'manifests', stackName)),
      });
    }
  }
  const manifestsDir = join(dir, 'manifests');
  if (!existsSync(manifestsDir)) return;
  for (const stackName of readdirSync(manifestsDir).sort()) {
    if (into.has(stackName) || !statSync(join(manifestsDir, stackName)).isDirectory()) continue;
    into.set(stackName, { stackName, manifestFiles: readManifestFiles(join(manifestsDir, stackName)) });
  }
}

function readManifestFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(root)) return files;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((x, y) =>
      x.name.localeCompare(y.name),
    )) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (MANIFEST_FILE.test(entry.name))
        files.set(relative(root, full).split('\\').join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return files;
}
