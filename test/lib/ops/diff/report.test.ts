import type { DiffResult } from '../../../../lib/ops/diff/compare';
import { DEFAULT_MAX_CHARS, renderReport } from '../../../../lib/ops/diff/report';

/** A diff with `count` changed ConfigMaps, each with a unified diff of about 2,000 characters. */
function manyManifestChanges(count: number): DiffResult {
  const changed = Array.from({ length: count }, (_, i) => ({
    key: `v1 ConfigMap apps/config-${String(i).padStart(3, '0')}`,
    diff: [
      '--- base',
      '+++ head',
      '@@ -1,40 +1,40 @@',
      ...Array.from({ length: 40 }, (__, j) => `-  key${j}: ${'x'.repeat(40)}`),
    ].join('\n'),
  }));
  return {
    stacks: [{ stackName: 'goldenpath-dev-persistent', manifests: { added: [], removed: [], changed } }],
    tierChanges: [],
    stackCount: 3,
    hasChanges: true,
  };
}

describe('renderReport truncation', () => {
  test('a report over the limit keeps whole sections, and says which ones it left out', () => {
    // GIVEN a diff whose full report is about 100,000 characters
    const result = manyManifestChanges(50);
    const full = renderReport(result, { baseLabel: 'origin/main', maxChars: Number.MAX_SAFE_INTEGER });
    expect(full.markdown.length).toBeGreaterThan(DEFAULT_MAX_CHARS);
    expect(full.omitted).toEqual([]);

    // WHEN it is rendered for a comment
    const report = renderReport(result, { baseLabel: 'origin/main' });

    // THEN it fits, the first sections are whole, the rest are named in the note
    expect(report.markdown.length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
    expect(report.omitted.length).toBeGreaterThan(0);
    expect(report.omitted[0]).toMatch(/^v1 ConfigMap apps\/config-\d{3} in goldenpath-dev-persistent$/);
    expect(report.markdown).toContain('#### `goldenpath-dev-persistent`: 0 added, 0 removed, 50 changed');
    expect(report.markdown).toContain(
      `> ⚠️ **Report truncated** to stay under ${DEFAULT_MAX_CHARS} characters: ${report.omitted.length} sections left out (`,
    );
    expect(report.markdown).toContain(` and ${report.omitted.length - 10} more).`);
    expect(report.markdown).toContain('> The full report: `npm run diff -- --base origin/main`');
    // no code block or collapsed section is cut in half
    expect(report.markdown.match(/^```/gm)!.length % 2).toBe(0);
    expect(report.markdown.match(/<details>/g)!.length).toBe(report.markdown.match(/<\/details>/g)!.length);
  });

  test('a report under the limit has no note', () => {
    const report = renderReport(manyManifestChanges(2), { baseLabel: 'origin/main' });
    expect(report.omitted).toEqual([]);
    expect(report.markdown).not.toContain('Report truncated');
  });

  test('a code block fence is longer than any run of backticks inside it', () => {
    const result = manyManifestChanges(1);
    const stack = result.stacks[0];
    const withBackticks: DiffResult = {
      ...result,
      stacks: [
        {
          ...stack,
          manifests: {
            ...stack.manifests!,
            changed: [{ key: 'v1 ConfigMap a/b', diff: '+ ```sh\n+ ls\n+ ```' }],
          },
        },
      ],
    };
    expect(renderReport(withBackticks, { baseLabel: 'b' }).markdown).toContain(
      '````diff\n+ ```sh\n+ ls\n+ ```\n````',
    );
  });

  test('a table over the limit keeps its first rows and says how many it left out', () => {
    const iamStatements = Array.from({ length: 2000 }, (_, i) => ({
      sign: '+' as const,
      logicalId: `Role${i}`,
      effect: 'Allow',
      action: 's3:GetObject',
      resource: `arn:aws:s3:::bucket-${i}/*`,
      principal: '',
      condition: '',
    }));
    const result: DiffResult = {
      stacks: [
        {
          stackName: 'goldenpath-dev-persistent',
          template: {
            status: 'changed',
            resourceChanges: 2000,
            replacements: [],
            iamStatements,
            permissionsBroadened: false,
            securityGroupRows: [],
            text: '',
          },
        },
      ],
      tierChanges: [],
      stackCount: 1,
      hasChanges: true,
    };
    const report = renderReport(result, {
      baseLabel: 'origin/main',
      rerun: 'npm run diff -- --base origin/main',
    });
    expect(report.markdown.length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
    const kept = report.markdown.match(/^\| \+ \| goldenpath-dev-persistent \| Role\d+ /gm)!.length;
    expect(kept).toBeGreaterThan(100);
    expect(report.markdown).toContain(`_… ${2000 - kept} more rows in the full report._`);
    expect(report.omitted[0]).toBe(`IAM changes (${2000 - kept} of 2000 rows)`);
  });
});
