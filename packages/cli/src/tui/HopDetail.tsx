// Everything about one hop: the verdict and why, the packet, and the rule or route table with
// the row that decided marked.
import { Box, Text } from 'ink';
import type { HopLike } from '../engine-types.js';
import { hopPassed } from '../present.js';

export interface HopDetailProps {
  readonly hop: HopLike | undefined;
  /** `forward 3` / `return 1`. */
  readonly position: string;
  readonly width: number;
  /** Most table rows to show. */
  readonly maxRows: number;
}

/** Whether `row` of the hop's table is the row that decided. */
export function isDecidingRow(hop: HopLike, row: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  if (hop.rule && norm(row) === norm(hop.rule)) return true;
  const d = hop.detail;
  if (d.step === 'route' && d.destination && d.target) {
    const r = norm(row);
    return r.startsWith(d.destination) && r.includes(d.target);
  }
  return false;
}

/** The detail pane of the selected hop. */
export function HopDetail({ hop, position, width, maxRows }: HopDetailProps) {
  if (!hop) return <Text dimColor>select a hop (tab, then ↑↓) to see its detail</Text>;
  const ok = hopPassed(hop);
  const d = hop.detail;
  const table: readonly string[] = ('table' in d ? d.table : undefined) ?? [];
  const direction = d.step === 'filter' ? d.direction : undefined;
  const decided = table.findIndex((r) => isDecidingRow(hop, r));
  const start = decided >= maxRows ? decided - maxRows + 1 : 0;
  const rows = table.slice(start, start + maxRows);
  return (
    <Box flexDirection="column" width={width} borderStyle="single" borderColor={ok ? 'gray' : 'red'} paddingX={1}>
      <Text wrap="truncate">
        <Text bold>{hop.component}</Text>
        <Text dimColor>  {hop.kind}  ·  {position}  ·  {d.step}{direction ? ` ${direction}` : ''}</Text>
      </Text>
      <Text color={ok ? 'green' : 'red'} bold>
        {ok ? '✓' : '✗'} {hop.verdict}
        {hop.rule ? <Text bold={false}>  by  {hop.rule}</Text> : null}
      </Text>
      <Text wrap="wrap">{d.why}</Text>
      {hop.packet ? (
        <Text dimColor wrap="truncate">
          packet {hop.packet.protocol} {hop.packet.src}
          {hop.packet.srcPort !== undefined ? `:${hop.packet.srcPort}` : ''} → {hop.packet.dst}
          {hop.packet.dstPort !== undefined ? `:${hop.packet.dstPort}` : ''}
        </Text>
      ) : null}
      {d.step === 'route' ? (
        <Text dimColor wrap="truncate">
          route table {d.routeTable}
          {d.destination ? `  chosen ${d.destination} → ${d.target ?? '?'}` : '  no route chosen'}
        </Text>
      ) : null}
      {d.step === 'translate' ? <Text dimColor>translated {d.from} → {d.to}</Text> : null}
      {rows.length > 0 ? (
        <Box flexDirection="column" marginTop={1}>
          <Text color="cyan">{d.step === 'route' ? 'route table' : 'rules'} ({table.length})</Text>
          {start > 0 ? <Text dimColor>  … {start} above</Text> : null}
          {rows.map((r, i) => {
            const mark = start + i === decided;
            return (
              <Text key={i} wrap="truncate" inverse={mark} color={mark ? (ok ? 'green' : 'red') : undefined}>
                {mark ? '▶ ' : '  '}
                {r}
              </Text>
            );
          })}
          {start + rows.length < table.length ? <Text dimColor>  … {table.length - start - rows.length} more</Text> : null}
        </Box>
      ) : null}
    </Box>
  );
}
