// The checks screen: every expectation and property with pass/fail; re-runs on demand.
import { Box, Text } from 'ink';
import { pushAll } from '@vpcsim/model';
import type { CheckResultLike } from '../engine-types.js';
import { decisiveLabel, foldPath, inlineRecord } from '../present.js';
import { COMPACT_ROWS, scrollWindow, wrapText } from './layout.js';

/** Where the checks are. */
export type ChecksStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'running'; readonly run: number }
  | { readonly state: 'done'; readonly run: number; readonly results: readonly CheckResultLike[]; readonly elapsedMs: number }
  | { readonly state: 'error'; readonly run: number; readonly message: string };

export interface ChecksViewProps {
  readonly status: ChecksStatus;
  readonly selected: number;
  readonly width: number;
  /** Rows the screen may use. */
  readonly height: number;
  /** No blank row above the detail (a short terminal). */
  readonly compact?: boolean | undefined;
}

/** The checks screen. */
export function ChecksView({ status, selected, width, height, compact = height < COMPACT_ROWS - 2 }: ChecksViewProps) {
  if (status.state === 'idle' || status.state === 'running') return <Text color="yellow">running the checks…</Text>;
  if (status.state === 'error') return <Text color="red" wrap="wrap">{status.message}</Text>;
  const rs = status.results;
  const failed = rs.filter((r) => !r.passed).length;
  const r = rs[selected];
  const g = compact ? 0 : 1;
  const inner = Math.max(10, width - 4);
  // the selected result's detail, as lines, so the list gets exactly the rows left
  const detail: { text: string; color?: string; dim?: boolean }[] = [];
  if (r) {
    pushAll(detail, wrapText(`expected ${inlineRecord(r.expected)}`, inner, 3).map((text) => ({ text })));
    pushAll(detail, wrapText(`actual   ${inlineRecord(r.actual)}`, inner, 3).map((text) => ({ text, color: r.passed ? undefined : 'red' })));
    if (r.counterexample) pushAll(detail, wrapText(`counterexample ${inlineRecord(r.counterexample)}`, inner, 3).map((text) => ({ text })));
    if (r.trace) detail.push({ text: `trace ${r.trace.reachable ? '✓' : '✗'} ${r.trace.disposition}${r.trace.blockedBy ? ` at ${r.trace.blockedBy}` : ''}: ${foldPath(r.trace.forward.map((h) => h.component).filter((c, i, a) => c !== a[i - 1]))}` });
    // a passing expectation was decided without its explanation: explain the selected one now
    const d = r.decision ?? r.explainDecision?.();
    if (d) detail.push({ text: `decision ${d.decision}${d.decisive.length ? ` by ${d.decisive.map(decisiveLabel).join(', ')}` : ''}` });
    // the analysis's own sentence says what was shown (proved, checked, sampled with its seed)
    if (r.stats) detail.push({ text: r.stats.summary ?? `${r.stats.mode}, ${r.stats.cases} cases${r.stats.seed !== undefined ? `, seed ${r.stats.seed}` : ''}`, dim: true });
    for (const e of r.errors) pushAll(detail, wrapText(e.message, inner, 2).map((text) => ({ text, color: 'yellow' })));
  }
  const empty = rs.length === 0 ? 1 : 0;
  // at least 3 rows for the list; the detail gets at most what remains (borders and its name included)
  const detailRows = r ? Math.min(detail.length, Math.max(0, height - 1 - empty - 3 - g - 3)) : 0;
  const budget = Math.max(1, height - 1 - empty - (r ? g + 3 + detailRows : 0));
  const win = scrollWindow(rs.length, budget, selected);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold color={failed ? 'red' : 'green'} wrap="truncate">
        {rs.length - failed} passed, {failed} failed
        <Text dimColor bold={false}>  (run {status.run + 1}, {Math.round(status.elapsedMs)} ms · R re-runs)</Text>
      </Text>
      {rs.length === 0 ? <Text dimColor>this scenario has no `expect` entries or `properties`</Text> : null}
      {win.above > 0 ? <Text dimColor>{`  ↑ ${win.above} more`}</Text> : null}
      {rs.slice(win.start, win.end).map((x, i) => {
        const sel = win.start + i === selected;
        return (
          <Text key={win.start + i} wrap="truncate" inverse={sel}>
            {sel ? '▶' : ' '}
            <Text color={x.passed ? 'green' : 'red'}>{x.passed ? '✓' : '✗'}</Text> {x.name}
            <Text dimColor>  {x.kind}</Text>
          </Text>
        );
      })}
      {win.below > 0 ? <Text dimColor>{`  ↓ ${win.below} more`}</Text> : null}
      {r ? (
        <Box flexDirection="column" borderStyle="single" borderColor={r.passed ? 'gray' : 'red'} paddingX={1} marginTop={g}>
          <Text bold wrap="truncate">{r.name}</Text>
          {detail.slice(0, detailRows).map((l, i) => (
            <Text key={i} wrap="truncate" color={l.color} dimColor={l.dim}>
              {l.text}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
