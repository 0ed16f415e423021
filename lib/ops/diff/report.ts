import type { DiffResult, StackChanges } from './compare';
import type { TierCell } from './tier-matrix';

/** GitHub refuses comments over 65,536 characters; keep room for the sticky-comment marker. */
export const DEFAULT_MAX_CHARS = 60_000;

export interface ReportOptions {
  /** What the base was, as the user gave it (`origin/main`, a directory). */
  readonly baseLabel: string;
  /** @default 'working tree' */
  readonly headLabel?: string;
  /** @default DEFAULT_MAX_CHARS */
  readonly maxChars?: number;
  /** How to get the full report, named in the truncation note. @default `npm run diff -- --base <baseLabel>` */
  readonly rerun?: string;
}

export interface Report {
  readonly markdown: string;
  /** Sections left out to stay under `maxChars` (each is named in the note at the end). */
  readonly omitted: readonly string[];
}

/**
 * A piece of the report that is kept or left out whole, so no code block is ever cut; a table
 * (`rows`) may keep its first rows, with a line saying how many were left out.
 */
interface Block {
  readonly title: string;
  readonly text: string;
  readonly rows?: { readonly head: string; readonly lines: readonly string[] };
}

/**
 * Renders the diff as one Markdown document for a pull-request comment: what needs a reviewer's
 * attention first (replacements and deletions, IAM, security groups), then the tier matrix, then
 * every template and manifest change in collapsed sections. Over `maxChars`, whole sections are
 * left out from the end and a note at the bottom names them.
 */
export function renderReport(result: DiffResult, options: ReportOptions): Report {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const [first, ...rest] = blocks(result, options);
  const kept: string[] = [first.text];
  const omitted: string[] = [];
  let length = first.text.length;
  const budget = maxChars - 600; // room for the note
  for (const block of rest) {
    if (length + block.text.length + 2 <= budget) {
      kept.push(block.text);
      length += block.text.length + 2;
    } else if (block.rows) {
      const { head, lines } = block.rows;
      let text = head;
      let n = 0;
      const more = (k: number): string => `\n\n_… ${plural(k, 'more row')} in the full report._`;
      while (
        n < lines.length &&
        length + text.length + lines[n].length + 1 + more(lines.length).length + 2 <= budget
      ) {
        text += `\n${lines[n++]}`;
      }
      if (n === 0) {
        omitted.push(block.title);
        continue;
      }
      text += more(lines.length - n);
      kept.push(text);
      length += text.length + 2;
      omitted.push(`${block.title} (${lines.length - n} of ${lines.length} rows)`);
    } else {
      omitted.push(block.title);
    }
  }
  if (omitted.length > 0)
    kept.push(
      truncationNote(omitted, maxChars, options.rerun ?? `npm run diff -- --base ${options.baseLabel}`),
    );
  return { markdown: kept.join('\n\n') + '\n', omitted };
}

function blocks(result: DiffResult, options: ReportOptions): Block[] {
  const out: Block[] = [{ title: 'summary', text: summary(result, options) }];
  const changed = result.stacks;
  const replacements = changed.flatMap((s) =>
    (s.template?.replacements ?? []).map((r) => [
      s.stackName,
      r.logicalId,
      r.type,
      r.impact,
      r.causes.join(', '),
    ]),
  );
  for (const s of changed) {
    if (s.template?.status === 'removed') {
      replacements.push([
        s.stackName,
        `all ${s.template.resourceChanges} resources`,
        '',
        'stack removed',
        '',
      ]);
    }
  }
  if (replacements.length > 0) {
    out.push(
      tableBlock(
        'replacements and deletions',
        '### ⚠️ Replacements and deletions',
        ['Stack', 'Resource', 'Type', 'Impact', 'Caused by'],
        replacements,
      ),
    );
  }
  const iam = changed.flatMap((s) =>
    (s.template?.iamStatements ?? []).map((st) => [
      st.sign,
      s.stackName,
      st.logicalId,
      st.effect,
      st.action,
      st.resource,
      st.principal,
      st.condition,
    ]),
  );
  if (iam.length > 0) {
    out.push(
      tableBlock(
        'IAM changes',
        '### ⚠️ IAM policy statements',
        ['', 'Stack', 'Resource', 'Effect', 'Action', 'On', 'Principal', 'Condition'],
        iam,
      ),
    );
  }
  const sg = changed.flatMap((s) =>
    (s.template?.securityGroupRows ?? []).map((row) => [row[0], s.stackName, ...row.slice(1)]),
  );
  if (sg.length > 0) {
    out.push(
      tableBlock(
        'security group changes',
        '### ⚠️ Security group rules',
        ['', 'Stack', 'Group', 'Dir', 'Protocol', 'Peer'],
        sg,
      ),
    );
  }
  if (result.tierChanges.length > 0) {
    const rows = result.tierChanges.map((c) => [c.stackName, c.app, cell(c.before), cell(c.after)]);
    out.push(tableBlock('tier matrix', '### Tier matrix', ['Stack', 'App', 'Before', 'After'], rows));
  }
  const templates = changed.filter((s) => s.template);
  if (templates.length > 0) out.push({ title: 'templates heading', text: '### CloudFormation templates' });
  for (const s of templates) out.push({ title: `template of ${s.stackName}`, text: templateBlock(s) });
  const manifests = changed.filter((s) => s.manifests);
  if (manifests.length > 0) out.push({ title: 'manifests heading', text: '### Kubernetes manifests' });
  for (const s of manifests) {
    const m = s.manifests!;
    const lines = [
      `#### \`${s.stackName}\`: ${m.added.length} added, ${m.removed.length} removed, ${m.changed.length} changed`,
    ];
    for (const key of m.added) lines.push(`- added \`${key}\``);
    for (const key of m.removed) lines.push(`- removed \`${key}\``);
    for (const c of m.changed) lines.push(`- changed \`${c.key}\``);
    out.push({ title: `manifest list of ${s.stackName}`, text: lines.join('\n') });
    for (const c of m.changed)
      out.push({
        title: `${c.key} in ${s.stackName}`,
        text: details(`<code>${html(c.key)}</code>`, fence(c.diff, 'diff')),
      });
  }
  return out;
}

function summary(result: DiffResult, options: ReportOptions): string {
  const title = `## Synth diff: \`${options.baseLabel}\` → ${options.headLabel ?? 'working tree'}`;
  if (!result.hasChanges) {
    return `${title}\n\n✅ No changes: templates, Kubernetes manifests and the tier matrix are the same in ${result.stackCount === 1 ? 'the one stack' : `all ${result.stackCount} stacks`}.`;
  }
  const t = result.stacks.map((s) => s.template).filter((x) => x !== undefined);
  const facts = [`**${result.stacks.length} of ${result.stackCount} stacks changed**`];
  const replaced = t.flatMap((x) => x.replacements).length;
  if (replaced > 0) facts.push(`⚠️ ${plural(replaced, 'resource')} replaced or deleted`);
  const removedStacks = t.filter((x) => x.status === 'removed').length;
  if (removedStacks > 0) facts.push(`⚠️ ${plural(removedStacks, 'stack')} removed`);
  const statements = t.flatMap((x) => x.iamStatements);
  if (statements.length > 0) {
    const added = statements.filter((s) => s.sign === '+').length;
    facts.push(`⚠️ IAM: ${plural(added, 'statement')} added, ${statements.length - added} removed`);
  }
  if (t.some((x) => x.permissionsBroadened)) facts.push('⚠️ permissions broadened');
  const sg = t.filter((x) => x.securityGroupRows.length > 0).length;
  if (sg > 0) facts.push(`⚠️ security group changes in ${plural(sg, 'stack')}`);
  if (result.tierChanges.length > 0)
    facts.push(`tier matrix: ${plural(result.tierChanges.length, 'app')} moved`);
  const m = result.stacks.filter((s) => s.manifests).length;
  if (m > 0) facts.push(`manifests changed in ${plural(m, 'stack')}`);
  return `${title}\n\n${facts.join(' · ')}`;
}

function templateBlock(s: StackChanges): string {
  const t = s.template!;
  const what =
    t.status !== 'changed'
      ? `stack ${t.status}`
      : t.resourceChanges > 0
        ? `${plural(t.resourceChanges, 'resource')} changed`
        : 'no resource changed (parameters, outputs or rules did)';
  return details(`<code>${html(s.stackName)}</code>: ${what}`, fence(t.text, ''));
}

function cell(c: TierCell | undefined): string {
  if (c === undefined) return '—';
  if (c.selected) return `tier ${c.tier}`;
  return `tier ${c.tier}, excluded${c.reason ? `: ${c.reason}` : ''}`;
}

function truncationNote(omitted: readonly string[], maxChars: number, rerun: string): string {
  const shown = omitted.slice(0, 10).map((t) => `\`${t.replace(/`/g, "'")}\``);
  const more = omitted.length > 10 ? ` and ${omitted.length - 10} more` : '';
  return [
    `> ⚠️ **Report truncated** to stay under ${maxChars} characters: ${plural(omitted.length, 'section')} left out (${shown.join(', ')}${more}).`,
    `> The full report: \`${rerun}\`, or the \`diff-report\` artifact of this workflow run.`,
  ].join('\n');
}

/** A block holding a heading and a Markdown table, which truncation may shorten row by row. */
function tableBlock(
  title: string,
  heading: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): Block {
  const line = (cells: readonly string[]): string => `| ${cells.map(tableCell).join(' | ')} |`;
  const head = `${heading}\n\n${line(header)}\n${line(header.map(() => '---'))}`;
  const lines = rows.map(line);
  return { title, text: [head, ...lines].join('\n'), rows: { head, lines } };
}

function tableCell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function details(summaryHtml: string, body: string): string {
  return `<details><summary>${summaryHtml}</summary>\n\n${body}\n\n</details>`;
}

/** A fenced code block whose fence is longer than any run of backticks in the text. */
function fence(text: string, lang: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const f = '`'.repeat(Math.max(3, longest + 1));
  return `${f}${lang}\n${text}\n${f}`;
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
