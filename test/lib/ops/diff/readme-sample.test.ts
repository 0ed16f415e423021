import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareSnapshots } from '../../../../lib/ops/diff/compare';
import { renderReport } from '../../../../lib/ops/diff/report';
import { readSnapshot } from '../../../../lib/ops/diff/snapshot';

const ROOT = join(__dirname, '..', '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'diff');

describe('README "Continuous integration" sample report', () => {
  test('is what npm run diff renders for the sample fixture pair', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block =
      /<!-- sample-report:start -->\n````markdown\n([\s\S]*?)````\n<!-- sample-report:end -->/.exec(readme);
    expect(block).not.toBeNull();
    const result = compareSnapshots(
      readSnapshot(join(FIXTURES, 'base'), '--base'),
      readSnapshot(join(FIXTURES, 'sample'), '--head'),
    );
    // When this fails after a deliberate change to the report, paste the received text into the README.
    expect(block![1]).toBe(renderReport(result, { baseLabel: 'origin/main' }).markdown);
  });
});
