import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE } from '../../tiers/catalogue';
import { VERSIONS } from '../../lib/model/versions';

const MARKER = '<!-- tier-table: checked against tiers/catalogue.ts by test/tiers/readme.test.ts -->';

/** The rows of the README's tier table, cells trimmed. */
function readmeTierRows(readme: string): string[][] {
  const start = readme.indexOf(MARKER);
  expect(start).toBeGreaterThan(-1);
  const lines = readme
    .slice(start + MARKER.length)
    .trimStart()
    .split('\n');
  const table = lines.slice(
    0,
    lines.findIndex((l) => !l.startsWith('|')),
  );
  return table.slice(2).map((l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim()),
  );
}

describe('README tier table', () => {
  test('lists exactly the catalogue: tier, app, wave, namespace, chart, lifecycles, summary', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readmeTierRows(readme)).toEqual(
      CATALOGUE.map((e) => {
        const chart = VERSIONS.charts[e.chart];
        return [
          String(e.tier),
          e.name,
          String(e.wave),
          e.namespace,
          `${chart.chart} ${chart.version}`,
          e.lifecycles.join(', '),
          e.summary,
        ];
      }),
    );
  });

  test('a drifted row is noticed', () => {
    const drifted = `${MARKER}\n| Tier | App |\n| --- | --- |\n| 1 | kong |\n`;
    expect(readmeTierRows(drifted)).toEqual([['1', 'kong']]);
  });
});
