// The request screen's who-can view (`2` again on the request screen): every principal class allowed the action on the
// resource (optionally sent from an instance), grouped by heading with the granting
// statements; the classes allowed only with more context; a count of the rest.
import { Box, Text } from 'ink';
import type { WhoCanLine, WhoCanResult } from '@vpcsim/analysis';
import type { Candidate } from './candidates.js';
import { Form, formRows } from './Form.js';
import { clip, COMPACT_ROWS } from './layout.js';
import { REQUEST_FIELDS, type UiState } from './state.js';

export interface WhoCanViewProps {
  readonly state: UiState;
  readonly candidates: readonly Candidate[];
  readonly result: WhoCanResult | { readonly error: string } | undefined;
  readonly width: number;
  readonly height?: number | undefined;
  readonly compact?: boolean | undefined;
}

const LABELS = { principal: 'principal', action: 'action', resource: 'resource', from: 'from instance' } as const;

/** `k=v, k=v`. */
const contextText = (c: Readonly<Record<string, unknown>>): string => Object.entries(c).map(([k, v]) => `${k}=${String(v)}`).join(', ');

/** The rows of the answer, as text with a colour: what the view draws, cut to `rows`. */
export function whoCanRows(r: WhoCanResult, width: number, rows: number): { text: string; color?: string | undefined; dim?: boolean | undefined }[] {
  const out: { text: string; color?: string | undefined; dim?: boolean | undefined }[] = [];
  const line = (l: WhoCanLine, mark: string, color: string): void => {
    const who = l.whole ? `every class (${l.who.length})` : l.who.join(', ');
    out.push({ text: clip(`${mark} ${l.heading}  ${who}${l.context ? `  when ${contextText(l.context)}` : ''}`, width), color });
    for (const d of l.decisive.slice(0, 2)) out.push({ text: clip(`    by ${d}`, width), dim: true });
  };
  if (r.network) out.push({ text: clip(`network: ${r.network.reached ? '✓ reaches the service' : '✗ never reaches the service'} (${r.network.disposition})${r.network.via ? ` via ${r.network.via}` : ''}`, width), color: r.network.reached ? 'green' : 'red' });
  if (r.public) out.push({ text: '! public', color: 'yellow' });
  out.push({ text: `allowed (${r.allowed.length} of ${r.classes} principal classes)`, color: 'cyan' });
  if (r.lines.length === 0) out.push({ text: '  nobody', dim: true });
  for (const l of r.lines) line(l, '✓', 'green');
  if (r.conditionalLines.length > 0) out.push({ text: `allowed only with more context (${r.conditional.length})`, color: 'cyan' });
  for (const l of r.conditionalLines) line(l, '?', 'yellow');
  if (r.denied.length > 0) out.push({ text: clip(`not allowed (${r.denied.length}): ${r.denied.map((e) => e.class.label).join(', ')}`, width), dim: true });
  if (out.length > rows) return [...out.slice(0, Math.max(0, rows - 1)), { text: `… ${out.length - rows + 1} more rows (vpcsim who-can prints them all)`, dim: true }];
  return out;
}

/** The who-can view. */
export function WhoCanView({ state, candidates, result, width, height = 40, compact = height < COMPACT_ROWS - 2 }: WhoCanViewProps) {
  const fields = REQUEST_FIELDS.map((f) => ({ name: f, label: LABELS[f], value: f === 'principal' ? '' : state.request[f], placeholder: f === 'principal' ? 'who can? every principal' : f === 'action' ? 'pick…' : 'optional' }));
  const listRows = state.editor ? Math.max(1, Math.min(Math.max(1, candidates.length), height - formRows(fields, width) - 3 - 1)) : undefined;
  const used = formRows(fields, width, state.editor ? { listRows: listRows ?? 1 } : null) + (compact ? 0 : 1) + 1;
  return (
    <Box flexDirection="column" width={width}>
      <Form fields={fields} selected={state.field} focused editor={state.editor} candidates={candidates} width={width} maxListRows={listRows} />
      <Text dimColor>who can · 2: escalation paths</Text>
      {!result ? <Text dimColor>pick an action (and a resource) to see every principal allowed it</Text> : null}
      {result && 'error' in result ? <Text color="red" wrap="wrap">{result.error}</Text> : null}
      {result && 'lines' in result ? (
        <Box flexDirection="column" marginTop={compact ? 0 : 1}>
          {result.errors.length > 0 ? result.errors.map((e, i) => <Text key={i} color="red" wrap="wrap">{`${e.message}${e.hint ? ` — hint: ${e.hint}` : ''}`}</Text>) : null}
          {whoCanRows(result, width, Math.max(1, height - used - 1)).map((r, i) => (
            <Text key={i} color={r.color} dimColor={r.dim} wrap="truncate">
              {r.text}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
