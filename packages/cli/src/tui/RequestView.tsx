// The request screen: principal, action, resource (and an optional source instance); the
// decision first, the decisive statements, then each IAM gate.
import { Box, Text } from 'ink';
import type { DecisionLike, TraceLike } from '../engine-types.js';
import { decisionLines, decisiveLabel, type ExplainLine } from '../present.js';
import type { Candidate } from './candidates.js';
import { Form, formRows } from './Form.js';
import { COMPACT_ROWS } from './layout.js';
import { REQUEST_FIELDS, type UiState } from './state.js';

export interface RequestViewProps {
  readonly state: UiState;
  readonly candidates: readonly Candidate[];
  readonly result: { readonly decision: DecisionLike; readonly trace?: TraceLike | undefined } | { readonly error: string } | undefined;
  readonly width: number;
  /** Rows the screen may use (the App clips what would go below). */
  readonly height?: number | undefined;
  /** No blank row above the decision (a short terminal). */
  readonly compact?: boolean | undefined;
}

const LABELS = { principal: 'principal', action: 'action', resource: 'resource', from: 'from instance' } as const;

function Gates({ lines, depth }: { lines: readonly ExplainLine[]; depth: number }) {
  return (
    <>
      {lines.map((l, i) => (
        <Box key={i} flexDirection="column">
          <Text wrap="truncate">
            {'  '.repeat(depth)}
            <Text color={l.ok === true ? 'green' : l.ok === false ? 'red' : undefined}>{l.ok === true ? '✓' : l.ok === false ? '✗' : '·'}</Text> {l.label}
            {l.outcome ? `: ${l.outcome}` : ''}
            {l.why ? <Text dimColor>  {l.why}</Text> : null}
          </Text>
          {depth < 3 ? <Gates lines={l.children} depth={depth + 1} /> : null}
        </Box>
      ))}
    </>
  );
}

/** The request screen. */
export function RequestView({ state, candidates, result, width, height = 40, compact = height < COMPACT_ROWS - 2 }: RequestViewProps) {
  const fields = REQUEST_FIELDS.map((f) => ({ name: f, label: LABELS[f], value: state.request[f], placeholder: f === 'resource' || f === 'from' ? 'optional' : f === 'principal' && state.request.from ? 'instance profile' : 'pick…' }));
  // an open picker lists as many candidates as fit, keeping a row for what is below
  const listRows = state.editor ? Math.max(1, Math.min(Math.max(1, candidates.length), height - formRows(fields, width) - 3 - 1)) : undefined;
  return (
    <Box flexDirection="column" width={width}>
      <Form fields={fields} selected={state.field} focused editor={state.editor} candidates={candidates} width={width} maxListRows={listRows} />
      {!result ? <Text dimColor>pick a principal and an action (enter on a field) to judge the request</Text> : null}
      {result && 'error' in result ? <Text color="red" wrap="wrap">{result.error}</Text> : null}
      {result && 'decision' in result ? (
        <Box flexDirection="column" marginTop={compact ? 0 : 1}>
          <Text bold color={result.decision.decision === 'allowed' ? 'green' : 'red'}>
            {result.decision.decision === 'allowed' ? '✓ allowed' : `✗ ${result.decision.decision}`}
          </Text>
          <Text color="cyan">decisive statements</Text>
          {result.decision.decisive.length === 0 ? <Text dimColor>  none: no statement allows it</Text> : null}
          {result.decision.decisive.map((d, i) => (
            <Text key={i}>  {decisiveLabel(d)}</Text>
          ))}
          {result.decision.explain.length > 0 ? <Text color="cyan">gates</Text> : null}
          <Gates lines={decisionLines(result.decision)} depth={1} />
          {result.decision.errors.map((e, i) => (
            <Text key={i} color="yellow" wrap="wrap">
              {e.message}
              {e.hint ? ` — hint: ${e.hint}` : ''}
            </Text>
          ))}
          {result.trace ? (
            <Text color={result.trace.reachable ? 'green' : 'red'}>
              network path: {result.trace.reachable ? '✓' : '✗'} {result.trace.disposition}
              {result.trace.blockedBy ? ` at ${result.trace.blockedBy}` : ''} ({result.trace.forward.length} hops)
            </Text>
          ) : null}
        </Box>
      ) : null}
    </Box>
  );
}
