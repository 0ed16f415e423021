import { unifiedDiff } from '../../../../lib/ops/diff/unified-diff';

const lines = (...xs: string[]): string => xs.join('\n') + '\n';

describe('unifiedDiff', () => {
  test('equal texts give no diff', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'old', 'new')).toBe('');
  });

  test('changes far apart make two hunks with three lines of context, like diff -u', () => {
    const before = lines('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l');
    const after = lines('a', 'B', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm');
    expect(unifiedDiff(before, after, 'old', 'new')).toBe(
      [
        '--- old',
        '+++ new',
        '@@ -1,5 +1,5 @@',
        ' a',
        '-b',
        '+B',
        ' c',
        ' d',
        ' e',
        '@@ -10,3 +10,4 @@',
        ' j',
        ' k',
        ' l',
        '+m',
      ].join('\n'),
    );
  });

  test('an added file starts at line 0 of the old side', () => {
    expect(unifiedDiff('', 'x\n', 'old', 'new')).toBe('--- old\n+++ new\n@@ -0,0 +1,1 @@\n+x');
  });

  test('inserted lines in the middle are aligned, not shown as a rewrite', () => {
    const diff = unifiedDiff(lines('a', 'b', 'c'), lines('a', 'x', 'b', 'c'), 'o', 'n');
    expect(diff.split('\n').slice(2)).toEqual(['@@ -1,3 +1,4 @@', ' a', '+x', ' b', ' c']);
  });
});
