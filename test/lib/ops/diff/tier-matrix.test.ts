import { CATALOGUE, PLATFORM_CATALOGUE } from '../../../../tiers/catalogue';
import { secretsNeededBy } from '../../../../lib/model/catalogue';
import { FOUNDATION_CAPABILITIES, type FoundationCapabilities } from '../../../../lib/model/contract';
import { gate, gatingJson } from '../../../../lib/model/gating';
import { parseManifestFiles } from '../../../../lib/ops/diff/manifest-diff';
import { diffTierMatrix, tierMatrixOf } from '../../../../lib/ops/diff/tier-matrix';

const ALL: FoundationCapabilities = Object.fromEntries(
  FOUNDATION_CAPABILITIES.map((c) => [c, true]),
) as FoundationCapabilities;
const SECRETS = [...new Set(CATALOGUE.flatMap(secretsNeededBy))];

/** The tier matrix the diff reads from the gating file the app writes next to the manifests. */
function matrixOf(lifecycle: 'persistent' | 'ephemeral', maxTier: 1.5 | 2 | 3) {
  const json = gatingJson(
    gate(PLATFORM_CATALOGUE, {
      lifecycle,
      maxTier,
      foundation: { env: 'dev', capabilities: ALL, secretIds: SECRETS },
    }),
  );
  return tierMatrixOf(parseManifestFiles(new Map([['gating.json', JSON.stringify(json)]])));
}

describe('tier matrix', () => {
  test('read from the gating result: selected apps and excluded ones with the reason', () => {
    const matrix = matrixOf('persistent', 1.5);
    expect(matrix.get('kube-prometheus-stack')).toEqual({ tier: '1.5', selected: true });
    expect(matrix.get('backstage')).toEqual({
      tier: '2',
      selected: false,
      reason: 'tier 2 is above maxTier 1.5',
    });
    expect(matrix.size).toBe(CATALOGUE.length);
  });

  test('raising the persistent cluster from 2 to 3 shows the tier-3 apps joining', () => {
    const changes = diffTierMatrix(
      new Map([['goldenpath-dev-persistent', matrixOf('persistent', 2)]]),
      new Map([['goldenpath-dev-persistent', matrixOf('persistent', 3)]]),
    );
    const tier3 = CATALOGUE.filter((e) => e.tier === 3).map((e) => e.name);
    expect(changes.map((c) => c.app)).toEqual([...tier3].sort());
    expect(changes.every((c) => c.before?.selected === false && c.after?.selected === true)).toBe(true);
  });

  test("an Application's tier label wins over the gating file", () => {
    const app = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata:',
      '  name: backstage',
      '  labels:',
      '    goldenpath.idp/tier: "1.5"',
    ].join('\n');
    const gating = JSON.stringify({ selected: [{ name: 'backstage', tier: 2 }], excluded: [] });
    const docs = parseManifestFiles(
      new Map([
        ['gating.json', gating],
        ['apps.yaml', app],
      ]),
    );
    expect(tierMatrixOf(docs).get('backstage')).toEqual({ tier: '1.5', selected: true });
  });
});
