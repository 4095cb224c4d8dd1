// The reach screen (issue 12, `4` or `a`): Network Access Analyzer's question in the terminal.
// A form (from, to, protocol, port; an empty field is every), then every reachable (sources,
// destination, protocol, ports) in the fewest numbered lines, as `vpcsim reach` prints them;
// tab moves onto the lines, ↑↓ selects one, its detail shows below, and enter traces its
// witness packet hop by hop on the trace screen (esc there comes back). The walk runs on a
// worker (reach-run.ts): this screen says what it walks while it runs.
import { Box, Text } from 'ink';
import type { ReachLine, ReachResult } from '@vpcsim/analysis';
import type { Model } from '@vpcsim/model';
import type { FlowSpec } from '../engine-types.js';
import { flowLabel } from '../present.js';
import { flowChangeText, trafficText } from '../output/text.js';
import type { Candidate } from './candidates.js';
import { Form, formRows, type FormField } from './Form.js';
import { clip, COMPACT_ROWS, scrollWindow, wrapText } from './layout.js';
import { REACH_FIELDS, type ReachField, type ReachState } from './reach-state.js';
import type { ReachSides } from './reach-run.js';
import type { Editor } from './state.js';

/** Where the walk is. `key` is the question's (reach-state.ts `reachKey`). */
export type ReachStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'running'; readonly key: string; readonly sides?: ReachSides | undefined }
  | { readonly state: 'done'; readonly key: string; readonly result: ReachResult; readonly elapsedMs: number }
  | { readonly state: 'failed'; readonly key: string; readonly message: string }
  | { readonly state: 'stopped'; readonly key: string };

export interface ReachViewProps {
  readonly reach: ReachState;
  /** The selected form field and the open editor (the UI state's). */
  readonly field: number;
  readonly editor: Editor | null;
  readonly candidates: readonly Candidate[];
  /** The walk of the question shown (a status of another question is shown as running). */
  readonly status: ReachStatus;
  /** Whole seconds the walk has run, while it runs. */
  readonly seconds?: number | undefined;
  readonly width: number;
  /** Rows the screen may use. */
  readonly height: number;
  readonly compact?: boolean | undefined;
}

const LABELS: Record<ReachField, string> = { from: 'from', to: 'to', protocol: 'protocol', port: 'port' };
const EVERY: Record<ReachField, string> = { from: 'every source', to: 'every destination', protocol: 'all', port: 'all' };

/** The form's fields: an empty one reads as "every …". */
export function reachFields(q: Readonly<Record<ReachField, string>>): FormField[] {
  return REACH_FIELDS.map((f) => ({ name: f, label: LABELS[f], value: q[f], placeholder: EVERY[f] }));
}

/**
 * What the from and to pickers offer: the trace form's endpoints, then the selectors only a
 * question over many takes (every instance and interface, a subnet, a VPC).
 */
export function reachCandidates(model: Model, endpoints: readonly Candidate[]): Candidate[] {
  const n = model.network;
  return [
    ...endpoints,
    { value: '*', kind: 'selector', label: 'every instance and interface' },
    ...n.subnets.map((s) => ({ value: `subnet:${s.id}`, kind: 'subnet', label: s.cidr })),
    ...n.vpcs.map((v) => ({ value: `vpc:${v.id}`, kind: 'vpc', label: v.cidr })),
  ];
}

/** A witness packet as one line: `internet:203.0.113.10 → 3.80.1.10  tcp/80`, with its source port and ICMP type when set. */
export function witnessText(f: FlowSpec): string {
  return flowLabel(f);
}

/** The question's problems as the CLI prints them: the field, the message, the hint. */
export function problemLines(r: ReachResult, width: number): { text: string; color: string }[] {
  const fieldOf = (path: readonly (string | number)[]): string => (path[0] === 'from' || path[0] === 'to' || path[0] === 'protocol' || path[0] === 'port' ? `\`${String(path[0])}\`: ` : '');
  return r.errors.flatMap((e) => wrapText(`${fieldOf(e.path)}${e.message}${e.hint ? ` — hint: ${e.hint}` : ''}`, width, 3).map((text) => ({ text, color: e.severity === 'error' ? 'red' : 'yellow' })));
}

/** The selected line's detail, as rows inside its box (`inner` cells wide). */
function detailRows(l: ReachLine, witness: FlowSpec | undefined, inner: number): { text: string; dim?: boolean }[] {
  const label = (name: string, text: string, max = 1) => wrapText(text, inner - 8, max).map((t, i) => ({ text: `${(i === 0 ? name : '').padEnd(8)}${t}` }));
  return [
    ...label('from', l.from.join(', '), 3),
    ...label('to', `${l.to}${l.toAddresses && l.toAddresses !== l.to ? ` (${l.toAddresses})` : ''}`, 2),
    ...label('traffic', trafficText(l)),
    ...(witness ? [{ text: clip(`${'witness'.padEnd(8)}${witnessText(witness)}`, inner), dim: true }] : []),
  ];
}

/** The reach screen. */
export function ReachView({ reach, field, editor, candidates, status, seconds, width, height, compact = height < COMPACT_ROWS - 2 }: ReachViewProps) {
  const g = compact ? 0 : 1;
  const fields = reachFields(reach.query);
  let left = height - formRows(fields, width);
  let listRows: number | undefined;
  if (editor) {
    listRows = Math.max(1, Math.min(Math.max(1, candidates.length), left - 3 - 1));
    left -= 3 + listRows;
  }
  const form = <Form fields={fields} selected={field} focused={reach.focus === 'form'} editor={editor} candidates={candidates} width={width} maxListRows={listRows} />;
  const say = (rows: readonly { text: string; color?: string | undefined; dim?: boolean | undefined }[]) =>
    rows.slice(0, Math.max(0, left)).map((r, i) => (
      <Text key={i} color={r.color} dimColor={r.dim} wrap="truncate">
        {r.text}
      </Text>
    ));

  if (status.state !== 'done') {
    const rows: { text: string; color?: string; dim?: boolean }[] = [];
    if (status.state === 'failed') pushWrapped(rows, status.message, width, 'red');
    else if (status.state === 'stopped') rows.push({ text: 'stopped before the answer (esc) · R asks again', color: 'yellow' });
    else {
      const sides = status.state === 'running' ? status.sides : undefined;
      const what = sides ? `every packet of ${count(sides.sources, 'source')} to ${count(sides.destinations, 'destination')}` : 'the question';
      rows.push({ text: `walking ${what}…${seconds ? ` ${seconds} s` : ''} · esc stops`, color: 'yellow' });
    }
    return (
      <Box flexDirection="column" width={width}>
        {form}
        {say(rows)}
      </Box>
    );
  }

  const r = status.result;
  const n = r.lines.length;
  // a question that names nothing (or cannot be asked): its problems, as `vpcsim reach` says them
  const problems = problemLines(r, width);
  const head: { text: string; color?: string; dim?: boolean }[] = [];
  if (n === 0 && !r.complete) {
    return (
      <Box flexDirection="column" width={width}>
        {form}
        {say(problems.length > 0 ? problems : [{ text: 'the question could not be answered', color: 'red' }])}
      </Box>
    );
  }
  const said = wrapText(`${n === 0 ? 'nothing is reachable' : count(n, 'line')} · ${r.complete ? 'proved over' : 'NOT complete:'} ${r.stats.scope} (${status.elapsedMs < 1000 ? `${Math.round(status.elapsedMs)} ms` : `${(status.elapsedMs / 1000).toFixed(1)} s`})`, width, 2);
  for (const text of said) head.push({ text, color: r.complete ? 'cyan' : 'yellow' });
  for (const p of problems.slice(0, 2)) head.push(p);
  left -= head.length;

  const sel = Math.min(reach.line, Math.max(0, n - 1));
  const line = r.lines[sel];
  const inner = Math.max(10, width - 4);
  const detail = line ? detailRows(line, r.witnesses[sel], inner) : [];
  const onLines = reach.focus === 'lines' && !editor;
  const hint = onLines ? `enter: trace line ${sel + 1}'s witness hop by hop · tab: the form` : 'tab: the lines · enter on a line: its witness traced · x: empty is every';
  // at least 3 rows for the list; the detail box gets what it needs of the rest, then the hint
  const listMin = Math.min(n, 3) + (n === 0 ? 1 : 0);
  const detailBox = line ? Math.max(0, Math.min(detail.length + 3, left - g - listMin - 1)) : 0;
  const hintRows = left - g - listMin - detailBox >= 1 ? 1 : 0;
  const budget = Math.max(1, left - g - detailBox - hintRows);
  const win = scrollWindow(n, budget, sel);
  const w = String(n).length;
  return (
    <Box flexDirection="column" width={width}>
      {form}
      {say(head)}
      <Box flexDirection="column" marginTop={g}>
        {n === 0 ? <Text dimColor>no packet from these sources reaches these destinations</Text> : null}
        {win.above > 0 ? <Text dimColor>{`  ↑ ${win.above} more`}</Text> : null}
        {r.lines.slice(win.start, win.end).map((l, i) => {
          const k = win.start + i;
          const on = k === sel;
          return (
            <Text key={k} wrap="truncate" inverse={on && onLines}>
              {on ? '▶' : ' '} <Text dimColor={!on}>{String(l.n).padStart(w)}</Text>  {flowChangeText(l)}
            </Text>
          );
        })}
        {win.below > 0 ? <Text dimColor>{`  ↓ ${win.below} more`}</Text> : null}
      </Box>
      {line && detailBox >= 3 ? (
        <Box flexDirection="column" borderStyle="single" borderColor={onLines ? 'cyan' : 'gray'} paddingX={1}>
          <Text bold wrap="truncate">
            line {line.n} of {n}
          </Text>
          {detail.slice(0, detailBox - 3).map((d, i) => (
            <Text key={i} wrap="truncate" dimColor={d.dim}>
              {d.text}
            </Text>
          ))}
        </Box>
      ) : null}
      {hintRows > 0 ? (
        <Text dimColor wrap="truncate">
          {hint}
        </Text>
      ) : null}
    </Box>
  );
}

const count = (k: number, noun: string): string => `${k.toLocaleString('en-US')} ${noun}${k === 1 ? '' : 's'}`;

function pushWrapped(rows: { text: string; color?: string }[], text: string, width: number, color: string): void {
  for (const t of wrapText(text, width, 4)) rows.push({ text: t, color });
}
