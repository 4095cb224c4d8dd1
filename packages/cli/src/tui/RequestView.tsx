// The request screen: principal, action, resource (and an optional source instance); the
// decision first, the decisive statements, then each IAM gate, each line wrapped, never cut (the
// deciding condition is often the longest). A request sent from an instance also shows how it
// reached the service (via the internet, a gateway endpoint or an interface endpoint), the
// context keys that path set, and its hops: `tab` moves into them, ↑↓ selects one, and its
// rule or route table shows below, as on the trace screen.
import { Box, Text } from 'ink';
import type { DecisionLike, RequestNetworkLike, TraceLike } from '../engine-types.js';
import { decisionLines, decisiveLabel, type ExplainLine } from '../present.js';
import type { Candidate } from './candidates.js';
import { Form, formRows } from './Form.js';
import { HopDetail } from './HopDetail.js';
import { HopPaths } from './HopList.js';
import { COMPACT_ROWS } from './layout.js';
import { REQUEST_FIELDS, type UiState } from './state.js';

/** What the request screen shows: a decision (with its network path for a request `from` an instance), or why there is none. */
export type RequestResult =
  | { readonly decision: DecisionLike; readonly trace?: TraceLike | undefined; readonly network?: RequestNetworkLike | undefined }
  | { readonly error: string }
  | undefined;

export interface RequestViewProps {
  readonly state: UiState;
  readonly candidates: readonly Candidate[];
  readonly result: RequestResult;
  readonly width: number;
  /** Rows the screen may use (the App clips what would go below). */
  readonly height?: number | undefined;
  /** No blank row above the decision (a short terminal). */
  readonly compact?: boolean | undefined;
}

const LABELS = { principal: 'principal', action: 'action', resource: 'resource', from: 'from instance' } as const;

/** The gates, one per line; a long line (the deciding condition) wraps, never cut. */
function Gates({ lines, depth }: { lines: readonly ExplainLine[]; depth: number }) {
  return (
    <>
      {lines.map((l, i) => (
        <Box key={i} flexDirection="column">
          <Text wrap="wrap">
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
  const onHops = state.focus === 'hops' && !state.editor;
  const t = result && 'decision' in result ? result.trace : undefined;
  const nf = t?.forward.length ?? 0;
  const hop = onHops && t ? (state.hop < nf ? t.forward[state.hop] : t.return[state.hop - nf]) : undefined;
  const position = state.hop < nf ? `forward ${state.hop + 1}` : `reply ${state.hop - nf + 1}`;
  const n = result && 'decision' in result ? result.network : undefined;
  const context = n ? Object.entries(n.context).map(([k, v]) => `${k}=${v}`) : [];
  return (
    <Box flexDirection="column" width={width}>
      <Form fields={fields} selected={state.field} focused={!onHops} editor={state.editor} candidates={candidates} width={width} maxListRows={listRows} />
      {!result ? <Text dimColor>pick a principal and an action (enter on a field) to judge the request</Text> : null}
      {result && 'error' in result ? <Text color="red" wrap="wrap">{result.error}</Text> : null}
      {result && 'decision' in result ? (
        <Box flexDirection="column" marginTop={compact ? 0 : 1}>
          <Text bold color={result.decision.decision === 'allowed' ? 'green' : 'red'}>
            {result.decision.decision === 'allowed' ? '✓ allowed' : `✗ ${result.decision.decision}`}
          </Text>
          {n ? (
            <Box flexDirection="column">
              <Text color={n.reached ? 'green' : 'red'} wrap="wrap">
                network: {n.reached ? '✓ reached the service' : '✗ did not reach the service'} ({n.disposition}){n.via ? ` via ${n.via}` : ''}
                {n.endpoint ? ` ${n.endpoint}` : ''}
                {n.reason ? `: ${n.reason}` : ''}
              </Text>
              {context.length > 0 ? <Text wrap="wrap">context {context.join(', ')}</Text> : <Text dimColor>context: no network keys (the path set none)</Text>}
            </Box>
          ) : null}
          <Text color="cyan">decisive statements</Text>
          {result.decision.decisive.length === 0 ? <Text dimColor>  none: no statement allows it</Text> : null}
          {result.decision.decisive.map((d, i) => (
            <Text key={i} wrap="wrap">
              {'  '}
              {decisiveLabel(d)}
            </Text>
          ))}
          {result.decision.explain.length > 0 ? <Text color="cyan">gates</Text> : null}
          <Gates lines={decisionLines(result.decision)} depth={1} />
          {result.decision.errors.map((e, i) => (
            <Text key={i} color="yellow" wrap="wrap">
              {e.message}
              {e.hint ? ` — hint: ${e.hint}` : ''}
            </Text>
          ))}
          {t ? (
            <Box flexDirection="column" marginTop={compact ? 0 : 1}>
              <Text color={t.reachable ? 'green' : 'red'} wrap="truncate">
                network path: {t.reachable ? '✓' : '✗'} {t.disposition}
                {t.blockedBy ? ` at ${t.blockedBy}` : ''} ({t.forward.length} hops{onHops ? '' : ' · tab: step through them'})
              </Text>
              {onHops ? (
                <>
                  <HopPaths
                    paths={[
                      { title: 'forward path', hops: t.forward, selected: state.hop < nf ? state.hop : -1 },
                      { title: 'reply path', hops: t.return, selected: state.hop >= nf ? state.hop - nf : -1 },
                    ]}
                    width={width}
                    maxRows={Math.max(5, Math.floor(height / 3))}
                  />
                  <HopDetail hop={hop} position={position} width={width} maxRows={Number.MAX_SAFE_INTEGER} maxHeight={Math.max(6, Math.floor(height / 3))} compact={compact} />
                </>
              ) : null}
            </Box>
          ) : null}
        </Box>
      ) : null}
    </Box>
  );
}
