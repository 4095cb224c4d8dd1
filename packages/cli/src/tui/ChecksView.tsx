// The checks screen: every expectation and property with pass/fail; re-runs on demand.
import { Box, Text } from 'ink';
import type { CheckResultLike } from '../engine-types.js';
import { decisiveLabel, inlineRecord } from '../present.js';

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
  readonly height: number;
}

/** The checks screen. */
export function ChecksView({ status, selected, width, height }: ChecksViewProps) {
  if (status.state === 'idle' || status.state === 'running') return <Text color="yellow">running the checks…</Text>;
  if (status.state === 'error') return <Text color="red" wrap="wrap">{status.message}</Text>;
  const rs = status.results;
  const failed = rs.filter((r) => !r.passed).length;
  const r = rs[selected];
  const visible = Math.max(4, height - 16);
  const start = Math.max(0, Math.min(selected - Math.floor(visible / 2), rs.length - visible));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold color={failed ? 'red' : 'green'}>
        {rs.length - failed} passed, {failed} failed
        <Text dimColor bold={false}>  (run {status.run + 1}, {Math.round(status.elapsedMs)} ms · R re-runs)</Text>
      </Text>
      {rs.length === 0 ? <Text dimColor>this scenario has no `expect` entries or `properties`</Text> : null}
      {rs.slice(start, start + visible).map((x, i) => {
        const sel = start + i === selected;
        return (
          <Text key={start + i} wrap="truncate" inverse={sel}>
            {sel ? '▶' : ' '}
            <Text color={x.passed ? 'green' : 'red'}>{x.passed ? '✓' : '✗'}</Text> {x.name}
            <Text dimColor>  {x.kind}</Text>
          </Text>
        );
      })}
      {r ? (
        <Box flexDirection="column" borderStyle="single" borderColor={r.passed ? 'gray' : 'red'} paddingX={1} marginTop={1}>
          <Text bold wrap="truncate">{r.name}</Text>
          <Text wrap="wrap">expected {inlineRecord(r.expected)}</Text>
          <Text wrap="wrap" color={r.passed ? undefined : 'red'}>actual   {inlineRecord(r.actual)}</Text>
          {r.counterexample ? <Text wrap="wrap">counterexample {inlineRecord(r.counterexample)}</Text> : null}
          {r.trace ? (
            <Text wrap="truncate">
              trace {r.trace.reachable ? '✓' : '✗'} {r.trace.disposition}
              {r.trace.blockedBy ? ` at ${r.trace.blockedBy}` : ''}: {r.trace.forward.map((h) => h.component).join(' → ')}
            </Text>
          ) : null}
          {r.decision ? (
            <Text wrap="truncate">
              decision {r.decision.decision}
              {r.decision.decisive.length ? ` by ${r.decision.decisive.map(decisiveLabel).join(', ')}` : ''}
            </Text>
          ) : null}
          {r.stats ? <Text dimColor>{r.stats.mode}, {r.stats.cases} cases{r.stats.seed !== undefined ? `, seed ${r.stats.seed}` : ''}</Text> : null}
          {r.errors.map((e, i) => (
            <Text key={i} color="yellow" wrap="wrap">{e.message}</Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
