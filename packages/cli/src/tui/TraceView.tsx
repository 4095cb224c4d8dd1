// The trace screen: the picker, the forward and reply paths as chains of hops, the verdict,
// and the selected hop's detail. Side by side from 110 columns, stacked below. Laid out to fit
// `height` rows: parts are given rows by priority (layout.ts) and clamp themselves to them.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { TraceLike } from '../engine-types.js';
import type { Candidate } from './candidates.js';
import { formRows } from './Form.js';
import { HopDetail, hopDetailRows } from './HopDetail.js';
import { HopList, HopPaths, pathRows } from './HopList.js';
import { allocate, COMPACT_ROWS, wrapText } from './layout.js';
import type { UiState } from './state.js';
import { traceFields, TracePicker } from './TracePicker.js';

export interface TraceViewProps {
  readonly state: UiState;
  readonly candidates: readonly Candidate[];
  /** The trace, an error message, or nothing while the flow is incomplete. */
  readonly result: { readonly trace: TraceLike } | { readonly error: string } | undefined;
  readonly width: number;
  /** Rows the screen may use. */
  readonly height: number;
  /** No blank rows between parts (a short terminal). */
  readonly compact?: boolean | undefined;
  /** What-if mode (`f`): the fixes applied to a copy of the scenario; the trace shown is the one after them. */
  readonly whatIf?: { readonly patches: readonly string[]; readonly unfixable: number; readonly error?: string | undefined } | undefined;
  /** A trace to a load balancer: the leg shown (legs.ts; tab steps from the hops of one leg to the next). */
  readonly leg?: { readonly title: string; readonly index: number; readonly count: number } | undefined;
}

/** Whether two columns fit. */
export const WIDE = 110;

/** The first `n` items, the last of them replaced by a `… k more` line when not all fit. */
function fit(items: readonly ReactNode[], n: number, more: (k: number) => string): ReactNode[] {
  if (items.length <= n) return [...items];
  if (n <= 0) return [];
  return [
    ...items.slice(0, n - 1),
    <Text key="more" dimColor>
      {'  '}… {more(items.length - n + 1)}
    </Text>,
  ];
}

/** The trace screen. */
export function TraceView({ state, candidates, result, width, height, whatIf, leg, compact = height < COMPACT_ROWS - 2 }: TraceViewProps) {
  const g = compact ? 0 : 1;
  let left = height - formRows(traceFields(state.flow), width);
  let listRows: number | undefined;
  if (state.editor) {
    // an open picker comes first: as many candidates as fit, keeping a row for what is below
    listRows = Math.max(1, Math.min(Math.max(1, candidates.length), left - 3 - 1));
    left -= 3 + listRows;
  }
  const picker = <TracePicker flow={state.flow} selected={state.field} focused={state.focus === 'form'} editor={state.editor} candidates={candidates} width={width} maxListRows={listRows} />;
  if (!result)
    return (
      <Box flexDirection="column">
        {picker}
        {left > 0 ? <Text dimColor wrap="truncate">pick a source and a destination (enter on a field) to trace</Text> : null}
      </Box>
    );
  if ('error' in result)
    return (
      <Box flexDirection="column">
        {picker}
        {wrapText(result.error, width, Math.max(1, left)).map((l, i) => (
          <Text key={i} color="red">
            {l}
          </Text>
        ))}
      </Box>
    );

  const t = result.trace;
  const nf = t.forward.length;
  const onHops = state.focus === 'hops' && !state.editor;
  const selFwd = onHops && state.hop < nf ? state.hop : -1;
  const selRet = onHops && state.hop >= nf ? state.hop - nf : -1;
  const hop = onHops ? (state.hop < nf ? t.forward[state.hop] : t.return[state.hop - nf]) : undefined;
  const position = state.hop < nf ? `forward ${state.hop + 1}` : `reply ${state.hop - nf + 1}`;
  const wide = width >= WIDE;
  const colW = wide ? Math.floor((width - 2) / 2) : width;

  const fwd = { title: 'forward path', hops: t.forward, selected: selFwd };
  const ret = { title: 'reply path', hops: t.return, selected: selRet };
  const pathsNeed = wide ? Math.max(pathRows([fwd]), pathRows([ret])) : pathRows([fwd, ret]);
  const verdict = wrapText(`${leg ? `leg ${leg.index + 1}/${leg.count} ${leg.title.trim()}: ` : ''}${t.reachable ? `✓ reachable (${t.disposition})` : `✗ unreachable (${t.disposition})${t.blockedBy ? ` — blocked by ${t.blockedBy}` : ''}`}`, width, 2);
  const canFix = !t.reachable && !whatIf && t.blockers.some((b) => b.patches?.length);
  const hint = `tab: step through the hops${width >= 100 ? ' for their rules and route tables' : ''}${leg ? ", then each target's leg" : ''}${canFix ? '  ·  f: what if the fixes were applied?' : ''}`;
  const errorLines = t.errors.flatMap((e) => wrapText(`${e.message}${e.hint ? ` — hint: ${e.hint}` : ''}`, width));
  const patchLines: ReactNode[] = whatIf
    ? [
        ...whatIf.patches.slice(0, 4).map((p, i) => (
          <Text key={`p${i}`} color="magenta" wrap="truncate">
            {'  '}
            {p}
          </Text>
        )),
        ...(whatIf.patches.length > 4 ? [<Text key="pm" dimColor>  … {whatIf.patches.length - 4} more</Text>] : []),
        ...(whatIf.error ? wrapText(whatIf.error, width - 2, 2).map((l, i) => <Text key={`pe${i}`} color="red">  {l}</Text>) : []),
      ]
    : [];
  const detailNatural = onHops ? (hop ? hopDetailRows(hop, width, Number.MAX_SAFE_INTEGER, undefined, compact) : 1) : 0;

  // each blocker on one row, cut at the edge; whole (wrapped) when there is room to spare
  const blockerText = (b: (typeof t.blockers)[number]) => `${b.component} ${b.setting}${b.fix ? `  fix: ${b.fix}` : ''}`;
  const blockerWrapped = t.blockers.map((b) => wrapText(blockerText(b), width - 4));
  const wrappedRows = blockerWrapped.reduce((n, ls) => n + ls.length, 0);
  const noBlockers = compact && onHops; // in a short terminal they give way to the hop's detail (the verdict names the blocker)
  const [, , , , paths = 0, detail = 0, errors = 0, blockers = 0, patches = 0, blockersWrap = 0] = allocate(
    left,
    [
      { min: verdict.length, max: verdict.length },
      { min: whatIf ? g + 1 : 0, max: whatIf ? g + 1 : 0 },
      { min: onHops ? 0 : 1, max: onHops ? 0 : 1 },
      { min: g, max: g },
      { min: Math.min(pathsNeed, 5), max: pathsNeed },
      { min: Math.min(detailNatural, 8), max: Math.min(detailNatural, Math.max(8, Math.floor(left / 2))) },
      { min: Math.min(errorLines.length, 2), max: errorLines.length },
      { min: noBlockers ? 0 : Math.min(t.blockers.length, 2), max: noBlockers ? 0 : t.blockers.length },
      { min: Math.min(patchLines.length, 1), max: patchLines.length },
      { min: 0, max: noBlockers ? 0 : wrappedRows - t.blockers.length },
    ],
    [6, 7, 5, 8, 4, 9],
  );
  const wrapBlockers = blockers === t.blockers.length && blockersWrap === wrappedRows - t.blockers.length && wrappedRows > t.blockers.length;

  const banner = whatIf ? (
    <Box flexDirection="column" marginTop={g}>
      <Text color="magenta" bold wrap="truncate">
        what-if: {whatIf.patches.length === 0 ? 'no fix vpcsim can write' : `${whatIf.patches.length} fix${whatIf.patches.length === 1 ? '' : 'es'} applied to a copy of the scenario`} (f: back to the scenario)
      </Text>
      {fit(patchLines, patches, (k) => `${k} more`)}
    </Box>
  ) : null;
  const blockerLines = wrapBlockers
    ? t.blockers.flatMap((b, i) =>
        blockerWrapped[i]!.map((l, j) =>
          j === 0 ? (
            <Text key={`${i}:${j}`}>
              {'  '}
              <Text color="red">{b.component}</Text>
              {l.slice(b.component.length)}
            </Text>
          ) : (
            <Text key={`${i}:${j}`} dimColor>
              {'    '}
              {l}
            </Text>
          ),
        ),
      )
    : t.blockers.map((b, i) => (
        <Text key={i} wrap="truncate">
          <Text color="red">  {b.component}</Text> {b.setting}
          {b.fix ? <Text dimColor>  fix: {b.fix}</Text> : null}
        </Text>
      ));
  return (
    <Box flexDirection="column" width={width}>
      {picker}
      {banner}
      {paths > 0 ? (
        <Box flexDirection={wide ? 'row' : 'column'} columnGap={2} marginTop={g}>
          {wide ? (
            <>
              <HopList title={fwd.title} hops={fwd.hops} selected={fwd.selected} width={colW} maxRows={paths} />
              <HopList title={ret.title} hops={ret.hops} selected={ret.selected} width={colW} maxRows={paths} />
            </>
          ) : (
            <HopPaths paths={[fwd, ret]} width={width} maxRows={paths} />
          )}
        </Box>
      ) : null}
      {verdict.map((l, i) => (
        <Text key={`v${i}`} bold color={t.reachable ? 'green' : 'red'}>
          {l}
        </Text>
      ))}
      {fit(blockerLines, wrapBlockers ? blockerLines.length : blockers, (k) => `${k} more blocker${k === 1 ? '' : 's'} (the red hops)`)}
      {fit(
        errorLines.map((l, i) => (
          <Text key={`e${i}`} color="yellow">
            {l}
          </Text>
        )),
        errors,
        (k) => `${k} more lines`,
      )}
      {onHops ? (
        detail > 0 ? <HopDetail hop={hop} position={position} width={width} maxRows={Number.MAX_SAFE_INTEGER} maxHeight={detail} compact={compact} /> : null
      ) : (
        <Text dimColor wrap="truncate">
          {hint}
        </Text>
      )}
    </Box>
  );
}
