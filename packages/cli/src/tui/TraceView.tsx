// The trace screen: the picker, the forward and reply paths as chains of hops, the verdict,
// and the selected hop's detail. Side by side from 110 columns, stacked below.
import { Box, Text } from 'ink';
import type { TraceLike } from '../engine-types.js';
import type { Candidate } from './candidates.js';
import { HopDetail } from './HopDetail.js';
import { HopList } from './HopList.js';
import type { UiState } from './state.js';
import { TracePicker } from './TracePicker.js';

export interface TraceViewProps {
  readonly state: UiState;
  readonly candidates: readonly Candidate[];
  /** The trace, an error message, or nothing while the flow is incomplete. */
  readonly result: { readonly trace: TraceLike } | { readonly error: string } | undefined;
  readonly width: number;
  readonly height: number;
  /** What-if mode (`f`): the fixes applied to a copy of the scenario; the trace shown is the one after them. */
  readonly whatIf?: { readonly patches: readonly string[]; readonly unfixable: number; readonly error?: string | undefined } | undefined;
}

/** Whether two columns fit. */
export const WIDE = 110;

/** The trace screen. */
export function TraceView({ state, candidates, result, width, height, whatIf }: TraceViewProps) {
  const picker = <TracePicker flow={state.flow} selected={state.field} focused={state.focus === 'form'} editor={state.editor} candidates={candidates} width={width} />;
  if (!result) return <Box flexDirection="column">{picker}<Text dimColor>pick a source and a destination (enter on a field) to trace</Text></Box>;
  if ('error' in result) return <Box flexDirection="column">{picker}<Text color="red" wrap="wrap">{result.error}</Text></Box>;
  const t = result.trace;
  const nf = t.forward.length;
  const onHops = state.focus === 'hops';
  const selFwd = onHops && state.hop < nf ? state.hop : -1;
  const selRet = onHops && state.hop >= nf ? state.hop - nf : -1;
  const hop = onHops ? (state.hop < nf ? t.forward[state.hop] : t.return[state.hop - nf]) : undefined;
  const wide = width >= WIDE;
  const colW = wide ? Math.floor((width - 2) / 2) : width;
  const pathRows = wide ? Math.max(nf, t.return.length) + 2 : nf + t.return.length + 4;
  const maxRows = Math.max(3, height - pathRows - 14);
  const banner = whatIf ? (
    <Box flexDirection="column" marginTop={1}>
      <Text color="magenta" bold>
        what-if: {whatIf.patches.length === 0 ? 'no fix vpcsim can write' : `${whatIf.patches.length} fix${whatIf.patches.length === 1 ? '' : 'es'} applied to a copy of the scenario`} (f: back to the scenario)
      </Text>
      {whatIf.patches.slice(0, 4).map((p, i) => (
        <Text key={i} color="magenta" wrap="truncate">
          {'  '}
          {p}
        </Text>
      ))}
      {whatIf.patches.length > 4 ? <Text dimColor>  … {whatIf.patches.length - 4} more</Text> : null}
      {whatIf.error ? <Text color="red" wrap="wrap">  {whatIf.error}</Text> : null}
    </Box>
  ) : null;
  return (
    <Box flexDirection="column" width={width}>
      {picker}
      {banner}
      <Box flexDirection={wide ? 'row' : 'column'} columnGap={2} marginTop={1}>
        <HopList title="forward path" hops={t.forward} selected={selFwd} width={colW} />
        <HopList title="reply path" hops={t.return} selected={selRet} width={colW} />
      </Box>
      <Text bold color={t.reachable ? 'green' : 'red'} wrap="wrap">
        {t.reachable ? `✓ reachable (${t.disposition})` : `✗ unreachable (${t.disposition})${t.blockedBy ? ` — blocked by ${t.blockedBy}` : ''}`}
      </Text>
      {t.blockers.map((b, i) => (
        <Text key={i} wrap="truncate">
          <Text color="red">  {b.component}</Text> {b.setting}
          {b.fix ? <Text dimColor>  fix: {b.fix}</Text> : null}
        </Text>
      ))}
      {t.errors.map((e, i) => (
        <Text key={`e${i}`} color="yellow" wrap="wrap">
          {e.message}
          {e.hint ? ` — hint: ${e.hint}` : ''}
        </Text>
      ))}
      {onHops ? (
        <HopDetail hop={hop} position={state.hop < nf ? `forward ${state.hop + 1}` : `reply ${state.hop - nf + 1}`} width={width} maxRows={maxRows} />
      ) : (
        <Text dimColor>tab: step through the hops for their rules and route tables{!t.reachable && !whatIf && t.blockers.some((b) => b.patches?.length) ? '  ·  f: what if the fixes were applied?' : ''}</Text>
      )}
    </Box>
  );
}
