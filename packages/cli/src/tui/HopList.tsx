// A path as a vertical chain of hops: ✓/✗, the component and the rule that decided it.
// Clamped to the rows it is given: a window around the selected hop, with `↑ n more`/`↓ n more`.
import { Box, Text } from 'ink';
import { maxOf } from '@vpcsim/model';
import type { HopLike } from '../engine-types.js';
import { hopPassed } from '../present.js';
import { scrollWindow } from './layout.js';

export interface HopListProps {
  readonly title: string;
  readonly hops: readonly HopLike[];
  /** Index of the selected hop within this list, or -1. */
  readonly selected: number;
  readonly width: number;
  /** Most rows to use (unlimited when absent). */
  readonly maxRows?: number | undefined;
}

/** One direction of a trace. */
export interface PathPart {
  readonly title: string;
  readonly hops: readonly HopLike[];
  /** Index of the selected hop within this path, or -1. */
  readonly selected: number;
}

type Line =
  | { readonly kind: 'title'; readonly text: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'hop'; readonly hop: HopLike; readonly n: number; readonly selected: boolean; readonly compW: number }
  | { readonly kind: 'blocked'; readonly text: string };

function linesOf(paths: readonly PathPart[], withBlocked: boolean): Line[] {
  const out: Line[] = [];
  for (const p of paths) {
    const compW = Math.min(24, maxOf(p.hops.map((h) => h.component.length), 8));
    out.push({ kind: 'title', text: p.title });
    if (p.hops.length === 0) out.push({ kind: 'none' });
    p.hops.forEach((hop, i) => out.push({ kind: 'hop', hop, n: i + 1, selected: i === p.selected, compW }));
    const blocked = p.hops.findIndex((h) => !hopPassed(h));
    if (withBlocked && blocked >= 0) out.push({ kind: 'blocked', text: `   ✗ blocked at hop ${blocked + 1}: ${p.hops[blocked]!.component}` });
  }
  return out;
}

/**
 * `out `/`in  ` for a filter hop (a network ACL or security group checks a packet on the way
 * out of one subnet or interface and on the way into another: two hops of one ACL otherwise
 * read alike), nothing for the others.
 */
export function directionOf(h: HopLike): string {
  const d = h.detail;
  if (d.step !== 'filter') return '';
  return d.direction === 'inbound' ? 'in  ' : 'out ';
}

/** Rows the paths take unclamped. */
export function pathRows(paths: readonly PathPart[]): number {
  return linesOf(paths, true).length;
}

function LineView({ line }: { readonly line: Line }) {
  switch (line.kind) {
    case 'title':
      return (
        <Text color="cyan" bold wrap="truncate">
          {line.text}
        </Text>
      );
    case 'none':
      return <Text dimColor>   (no hops)</Text>;
    case 'blocked':
      return (
        <Text color="red" wrap="truncate">
          {line.text}
        </Text>
      );
    case 'hop': {
      const { hop: h, selected: sel } = line;
      const ok = hopPassed(h);
      return (
        <Text wrap="truncate" inverse={sel} color={ok ? undefined : 'red'} bold={!ok}>
          {sel ? '▶' : ' '}
          {String(line.n).padStart(2)} {ok ? '✓' : '✗'} {h.component.padEnd(line.compW)} {directionOf(h)}{h.rule ?? h.verdict}
        </Text>
      );
    }
  }
}

/**
 * Paths one under the other in at most `maxRows` rows: when they do not fit, the
 * `blocked at hop` lines go first (the hop itself is red), then a window keeps the selected
 * hop (or else the first blocking hop) in view.
 */
export function HopPaths({ paths, width, maxRows }: { readonly paths: readonly PathPart[]; readonly width: number; readonly maxRows?: number | undefined }) {
  let lines = linesOf(paths, true);
  if (maxRows !== undefined && lines.length > maxRows) lines = linesOf(paths, false);
  let focus = lines.findIndex((l) => l.kind === 'hop' && l.selected);
  if (focus < 0) focus = lines.findIndex((l) => l.kind === 'hop' && !hopPassed(l.hop));
  const win = scrollWindow(lines.length, maxRows ?? lines.length, focus);
  // when the window starts inside a path, the marker says which path its first hops belong to
  const first = lines[win.start];
  const titleAbove = first && first.kind !== 'title' ? lines.slice(0, win.start).findLast((l) => l.kind === 'title') : undefined;
  const under = paths.length > 1 && titleAbove?.kind === 'title' ? `  (${titleAbove.text})` : '';
  return (
    <Box flexDirection="column" width={width}>
      {win.above > 0 ? <Text dimColor wrap="truncate">{`   ↑ ${win.above} more${under}`}</Text> : null}
      {lines.slice(win.start, win.end).map((l, i) => (
        <LineView key={win.start + i} line={l} />
      ))}
      {win.below > 0 ? <Text dimColor>{`   ↓ ${win.below} more`}</Text> : null}
    </Box>
  );
}

/** The hops of one direction; the blocking hop is red and bold, the selected one inverse. */
export function HopList({ title, hops, selected, width, maxRows }: HopListProps) {
  return <HopPaths paths={[{ title, hops, selected }]} width={width} maxRows={maxRows} />;
}
