// A path as a vertical chain of hops: ✓/✗, the component and the rule that decided it.
import { Box, Text } from 'ink';
import type { HopLike } from '../engine-types.js';
import { hopPassed } from '../present.js';

export interface HopListProps {
  readonly title: string;
  readonly hops: readonly HopLike[];
  /** Index of the selected hop within this list, or -1. */
  readonly selected: number;
  readonly width: number;
}

/** The hops of one direction; the blocking hop is red and bold, the selected one inverse. */
export function HopList({ title, hops, selected, width }: HopListProps) {
  const compW = Math.min(24, Math.max(8, ...hops.map((h) => h.component.length)));
  const blocked = hops.findIndex((h) => !hopPassed(h));
  return (
    <Box flexDirection="column" width={width}>
      <Text color="cyan" bold>
        {title}
      </Text>
      {hops.length === 0 ? <Text dimColor>   (no hops)</Text> : null}
      {hops.map((h, i) => {
        const ok = hopPassed(h);
        const sel = i === selected;
        return (
          <Text key={i} wrap="truncate" inverse={sel} color={ok ? undefined : 'red'} bold={!ok}>
            {sel ? '▶' : ' '}
            {String(i + 1).padStart(2)} {ok ? '✓' : '✗'} {h.component.padEnd(compW)} {h.rule ?? h.verdict}
          </Text>
        );
      })}
      {blocked >= 0 ? <Text color="red">{`   ✗ blocked at hop ${blocked + 1}: ${hops[blocked]!.component}`}</Text> : null}
    </Box>
  );
}
