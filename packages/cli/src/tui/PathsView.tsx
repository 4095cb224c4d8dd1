// The request screen's paths view (`2` twice on the request screen): the privilege-escalation paths from the request's
// principal to `admin` or a principal, as a list of steps to move through like hops (tab, then
// ↑↓), and the selected step in full: its requests, each with the statement that allows it,
// the changes they make, and the AWS pages behind the edge.
import { Box, Text } from 'ink';
import type { PathsResult } from '@vpcsim/analysis';
import { PATHS_FIELDS } from './access-state.js';
import type { Candidate } from './candidates.js';
import { Form, formRows } from './Form.js';
import { clip, COMPACT_ROWS } from './layout.js';
import type { UiState } from './state.js';

export interface PathsViewProps {
  readonly state: UiState;
  readonly candidates: readonly Candidate[];
  readonly result: PathsResult | { readonly error: string } | undefined;
  readonly width: number;
  readonly height?: number | undefined;
  readonly compact?: boolean | undefined;
}

/** One row of the step list: a step of a path, or the administrator proof that ends it. */
export interface PathItem {
  readonly path: number;
  readonly label: string;
  readonly title: string;
  readonly lines: readonly string[];
}

type Moves = PathsResult['paths'][number]['steps'][number]['moves'];

function moveLines(moves: Moves): string[] {
  return moves.flatMap((m) =>
    'effect' in m
      ? [`→ ${m.effect}`]
      : [`✓ ${m.request.principal} ${m.request.action}${m.request.resource && m.request.resource !== '*' ? ` on ${m.request.resource}` : ''}`, ...m.request.decisive.map((d) => `    by ${d}`)],
  );
}

/** The step list of a result, every path's steps in order (the count `up`/`down` move within). */
export function pathItems(r: PathsResult): PathItem[] {
  const out: PathItem[] = [];
  r.paths.forEach((p, i) => {
    p.steps.forEach((s, k) => out.push({ path: i, label: `${i + 1}.${k + 1} ${s.from} → ${s.to}${s.requiresMfa ? ' (MFA)' : ''}`, title: s.title, lines: [...moveLines(s.moves), ...s.docs.map((d) => `  ${d}`)] }));
    if (p.admin) out.push({ path: i, label: `${i + 1}.${p.steps.length + 1} administrator`, title: p.admin.title, lines: moveLines(p.admin.requests.map((request) => ({ request }))) });
  });
  return out;
}

/** The paths view. */
export function PathsView({ state, candidates, result, width, height = 40, compact = height < COMPACT_ROWS - 2 }: PathsViewProps) {
  const values = { principal: state.request.principal, to: state.access.to };
  const fields = PATHS_FIELDS.map((f) => ({ name: f, label: f === 'principal' ? 'from' : 'to', value: values[f], placeholder: f === 'to' ? 'admin or a principal' : 'pick…' }));
  const focusForm = state.access.focus === 'form';
  const listRows = state.editor ? Math.max(1, Math.min(Math.max(1, candidates.length), height - formRows(fields, width) - 3 - 1)) : undefined;
  const items = result && 'paths' in result ? pathItems(result) : [];
  const selected = Math.min(state.access.step, Math.max(0, items.length - 1));
  const avail = Math.max(4, height - formRows(fields, width, state.editor ? { listRows: listRows ?? 1 } : null) - (compact ? 1 : 2) - 2);
  const listMax = Math.max(1, Math.min(items.length, Math.floor(avail / 2)));
  const start = Math.max(0, Math.min(selected - Math.floor(listMax / 2), items.length - listMax));
  const item = items[selected];
  return (
    <Box flexDirection="column" width={width}>
      <Form fields={fields} selected={state.field} focused={focusForm} editor={state.editor} candidates={candidates} width={width} maxListRows={listRows} />
      <Text dimColor>escalation paths · tab: form / steps · 2: back to one request</Text>
      {!result ? <Text dimColor>pick a principal (and a target: admin or a principal) to search the escalation paths</Text> : null}
      {result && 'error' in result ? <Text color="red" wrap="wrap">{result.error}</Text> : null}
      {result && 'paths' in result ? (
        <Box flexDirection="column" marginTop={compact ? 0 : 1}>
          {result.errors.map((e, i) => (
            <Text key={i} color="red" wrap="wrap">{`${e.message}${e.hint ? ` — hint: ${e.hint}` : ''}`}</Text>
          ))}
          {result.errors.length === 0 ? (
            <Text bold color={result.paths.length ? 'red' : 'green'}>
              {result.paths.length ? `✗ ${result.paths.length} path${result.paths.length === 1 ? '' : 's'} from ${result.from} to ${result.to === 'admin' ? 'an administrator' : result.to}` : `✓ no path from ${result.from} to ${result.to === 'admin' ? 'an administrator' : result.to}`}
            </Text>
          ) : null}
          {items.slice(start, start + listMax).map((it, i) => {
            const sel = start + i === selected && !focusForm;
            return (
              <Text key={start + i} inverse={sel} wrap="truncate">
                {sel ? '▶ ' : '  '}
                {clip(`${it.label}  ${it.title}`, width - 2)}
              </Text>
            );
          })}
          {item && !focusForm ? (
            <Box flexDirection="column" borderStyle="single" width={width}>
              <Text wrap="truncate">{clip(item.title, width - 4)}</Text>
              {item.lines.slice(0, Math.max(1, avail - listMax - 3)).map((l, i) => (
                <Text key={i} dimColor={l.startsWith('    by') || l.startsWith('  http')} color={l.startsWith('→') ? 'yellow' : undefined} wrap="truncate">
                  {clip(l, width - 4)}
                </Text>
              ))}
            </Box>
          ) : null}
        </Box>
      ) : null}
    </Box>
  );
}
