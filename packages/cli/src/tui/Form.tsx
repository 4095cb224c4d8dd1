// A one-line form of fields with an optional open editor (type to filter, ↑↓ to choose).
import { Box, Text } from 'ink';
import type { Candidate } from './candidates.js';
import { cells, flowRows } from './layout.js';
import type { Editor } from './state.js';

export interface FormField {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly placeholder?: string;
}

export interface FormProps {
  readonly fields: readonly FormField[];
  readonly selected: number;
  readonly focused: boolean;
  readonly editor: Editor | null;
  /** Candidates for the selected field, already filtered by the editor's text. */
  readonly candidates: readonly Candidate[];
  readonly width: number;
  /** Most candidates to list under the editor. */
  readonly maxListRows?: number | undefined;
}

const VISIBLE = 6;

const fieldText = (f: FormField) => `${f.label} ${f.value || f.placeholder || '—'}`;

/** Rows the form takes: its field row (wrapped at `width`), and the open editor with `listRows` candidates. */
export function formRows(fields: readonly FormField[], width: number, editor: { readonly listRows: number } | null = null): number {
  const row = flowRows(
    fields.map((f) => 1 + cells(fieldText(f))),
    width,
    2,
  );
  return row + (editor ? 3 + Math.max(1, editor.listRows) : 0);
}

/** The form row, and under it the editor and its candidate list when a field is being edited. */
export function Form({ fields, selected, focused, editor, candidates, width, maxListRows = VISIBLE }: FormProps) {
  const visible = Math.max(1, maxListRows);
  const start = editor ? Math.max(0, Math.min(editor.index - Math.floor(visible / 2), candidates.length - visible)) : 0;
  const shown = candidates.slice(start, start + visible);
  const count =
    shown.length < candidates.length ? `${shown.length} of ${candidates.length} matches shown` : `${candidates.length} match${candidates.length === 1 ? '' : 'es'}`;
  return (
    <Box flexDirection="column" width={width}>
      <Box flexWrap="wrap" columnGap={2}>
        {fields.map((f, i) => {
          const sel = focused && i === selected;
          return (
            <Box key={f.name}>
              <Text color={sel ? 'cyan' : undefined} bold={sel}>
                {sel ? '▸' : ' '}
                {f.label}{' '}
              </Text>
              <Text inverse={sel} dimColor={!f.value}>
                {f.value || f.placeholder || '—'}
              </Text>
            </Box>
          );
        })}
      </Box>
      {editor ? (
        <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
          <Text wrap="truncate">
            <Text color="cyan">{fields[selected]?.label} › </Text>
            {editor.text}
            <Text inverse> </Text>
            <Text dimColor>  {count} · enter picks · esc cancels</Text>
          </Text>
          {shown.map((c, i) => {
            const active = start + i === editor.index;
            return (
              <Text key={`${c.value}:${c.kind}`} inverse={active} wrap="truncate">
                {active ? '▶ ' : '  '}
                {c.value}
                <Text dimColor>
                  {'  '}
                  {c.kind}
                  {c.label ? ` · ${c.label}` : ''}
                </Text>
              </Text>
            );
          })}
          {candidates.length === 0 ? <Text dimColor>no match: enter uses the text as typed</Text> : null}
        </Box>
      ) : null}
    </Box>
  );
}
