// Everything about one hop: the verdict and why, the packet, and the rule or route table with
// the row that decided marked.
import { Box, Text } from 'ink';
import type { HopLike } from '../engine-types.js';
import { hopPassed } from '../present.js';
import { scrollWindow, wrapText } from './layout.js';

export interface HopDetailProps {
  readonly hop: HopLike | undefined;
  /** `forward 3` / `return 1`. */
  readonly position: string;
  readonly width: number;
  /** Most table rows to show. */
  readonly maxRows: number;
  /** Most rows the whole box may take, borders included (unlimited when absent). */
  readonly maxHeight?: number | undefined;
  /** No blank row above the table. */
  readonly compact?: boolean | undefined;
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

interface DetailPlan {
  readonly why: readonly string[];
  /** Rows of the table to show, and the markers around them. */
  readonly start: number;
  readonly end: number;
  readonly above: number;
  readonly below: number;
  readonly showTable: boolean;
  readonly rows: number;
}

function plan(hop: HopLike, width: number, maxRows: number, maxHeight: number | undefined, gap: number): DetailPlan {
  const d = hop.detail;
  const table: readonly string[] = ('table' in d ? d.table : undefined) ?? [];
  const inner = Math.max(10, width - 4);
  const fixed = 2 + 2 + (hop.packet ? 1 : 0) + (d.step === 'route' || d.step === 'translate' ? 1 : 0);
  let why = wrapText(d.why, inner);
  const decided = table.findIndex((r) => isDecidingRow(hop, r));
  const tableNeed = (n: number) => (n > 0 ? gap + 1 + n : 0);
  const cap = Math.min(maxRows, table.length);
  if (maxHeight === undefined || fixed + why.length + tableNeed(cap) <= maxHeight) {
    const win = scrollWindow(table.length, cap, decided);
    return { why, ...win, showTable: table.length > 0 && cap > 0, rows: fixed + why.length + tableNeed(cap) };
  }
  // short of rows: the reason keeps up to 3 lines, the table what is left (at least 1 row, else none)
  why = wrapText(d.why, inner, Math.max(1, Math.min(3, maxHeight - fixed - (table.length ? 2 : 0))));
  const budget = Math.min(cap, maxHeight - fixed - why.length - gap - 1);
  if (budget < 1 || table.length === 0) return { why, start: 0, end: 0, above: 0, below: 0, showTable: false, rows: fixed + why.length };
  const win = scrollWindow(table.length, budget, decided);
  return { why, ...win, showTable: true, rows: fixed + why.length + gap + 1 + Math.min(budget, table.length) };
}

/** Rows the detail box takes for `hop` (at most `maxHeight` when given). */
export function hopDetailRows(hop: HopLike, width: number, maxRows: number, maxHeight?: number, compact = false): number {
  return plan(hop, width, maxRows, maxHeight, compact ? 0 : 1).rows;
}

/** The detail pane of the selected hop. */
export function HopDetail({ hop, position, width, maxRows, maxHeight, compact = false }: HopDetailProps) {
  if (!hop) return <Text dimColor>select a hop (tab, then ↑↓) to see its detail</Text>;
  const ok = hopPassed(hop);
  const d = hop.detail;
  const table: readonly string[] = ('table' in d ? d.table : undefined) ?? [];
  const direction = d.step === 'filter' ? d.direction : undefined;
  const decided = table.findIndex((r) => isDecidingRow(hop, r));
  const p = plan(hop, width, maxRows, maxHeight, compact ? 0 : 1);
  const rows = table.slice(p.start, p.end);
  return (
    <Box flexDirection="column" width={width} borderStyle="single" borderColor={ok ? 'gray' : 'red'} paddingX={1}>
      <Text wrap="truncate">
        <Text bold>{hop.component}</Text>
        <Text dimColor>  {hop.kind}  ·  {position}  ·  {d.step}{direction ? ` ${direction}` : ''}</Text>
      </Text>
      <Text color={ok ? 'green' : 'red'} bold wrap="truncate">
        {ok ? '✓' : '✗'} {hop.verdict}
        {hop.rule ? <Text bold={false}>  by  {hop.rule}</Text> : null}
      </Text>
      {p.why.map((l, i) => (
        <Text key={`w${i}`} wrap="truncate">
          {l}
        </Text>
      ))}
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
      {d.step === 'translate' ? <Text dimColor wrap="truncate">translated {d.from} → {d.to}</Text> : null}
      {p.showTable ? (
        <Box flexDirection="column" marginTop={compact ? 0 : 1}>
          <Text color="cyan">{d.step === 'route' ? 'route table' : 'rules'} ({table.length})</Text>
          {p.above > 0 ? <Text dimColor>  ↑ {p.above} more</Text> : null}
          {rows.map((r, i) => {
            const mark = p.start + i === decided;
            return (
              <Text key={i} wrap="truncate" inverse={mark} color={mark ? (ok ? 'green' : 'red') : undefined}>
                {mark ? '▶ ' : '  '}
                {r}
              </Text>
            );
          })}
          {p.below > 0 ? <Text dimColor>  ↓ {p.below} more</Text> : null}
        </Box>
      ) : null}
    </Box>
  );
}
