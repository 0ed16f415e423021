/**
 * A line-based unified diff (`diff -u` format) of two texts.
 *
 * Common leading and trailing lines are trimmed first, then the middle is aligned by a longest
 * common subsequence. Objects of a rendered Kubernetes manifest are small, so the quadratic table
 * is cheap; past `MAX_CELLS` the middle is shown as removed-then-added rather than aligned, which is
 * still a correct diff, only a less minimal one.
 */
const MAX_CELLS = 4_000_000;

type Op = { readonly kind: ' ' | '-' | '+'; readonly text: string };

/**
 * @param context lines of unchanged text around each change
 * @returns the diff with `--- <oldLabel>` / `+++ <newLabel>` headers, or `''` when the texts are equal
 */
export function unifiedDiff(
  oldText: string,
  newText: string,
  oldLabel: string,
  newLabel: string,
  context = 3,
): string {
  if (oldText === newText) return '';
  const ops = diffLines(splitLines(oldText), splitLines(newText));
  const lines = [`--- ${oldLabel}`, `+++ ${newLabel}`];
  for (const hunk of hunks(ops, context)) lines.push(...hunk);
  return lines.join('\n');
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head = a.slice(0, start).map((text): Op => ({ kind: ' ', text }));
  const tail = a.slice(endA).map((text): Op => ({ kind: ' ', text }));
  return [...head, ...alignMiddle(a.slice(start, endA), b.slice(start, endB)), ...tail];
}

function alignMiddle(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS || n === 0 || m === 0) {
    return [...a.map((text): Op => ({ kind: '-', text })), ...b.map((text): Op => ({ kind: '+', text }))];
  }
  // lcs[i * (m + 1) + j] = length of the LCS of a[i..] and b[j..]
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * (m + 1) + j + 1] + 1
          : Math.max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i++] });
      j++;
    } else if (lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
      ops.push({ kind: '-', text: a[i++] });
    } else {
      ops.push({ kind: '+', text: b[j++] });
    }
  }
  while (i < n) ops.push({ kind: '-', text: a[i++] });
  while (j < m) ops.push({ kind: '+', text: b[j++] });
  return ops;
}

function hunks(ops: readonly Op[], context: number): string[][] {
  const changed = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  const result: string[][] = [];
  let k = 0;
  while (k < changed.length) {
    const from = Math.max(0, changed[k] - context);
    let to = changed[k];
    while (k < changed.length && changed[k] <= to + 2 * context) to = changed[k++];
    to = Math.min(ops.length - 1, to + context);
    result.push(renderHunk(ops, from, to));
  }
  return result;
}

function renderHunk(ops: readonly Op[], from: number, to: number): string[] {
  let oldLine = 1;
  let newLine = 1;
  for (let i = 0; i < from; i++) {
    if (ops[i].kind !== '+') oldLine++;
    if (ops[i].kind !== '-') newLine++;
  }
  const body = ops.slice(from, to + 1);
  const oldCount = body.filter((op) => op.kind !== '+').length;
  const newCount = body.filter((op) => op.kind !== '-').length;
  const range = (line: number, count: number): string => `${count === 0 ? line - 1 : line},${count}`;
  return [
    `@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`,
    ...body.map((op) => `${op.kind}${op.text}`),
  ];
}
