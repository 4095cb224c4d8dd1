// Shown instead of the screens when the scenario does not load: its validation errors.
import { Box, Text } from 'ink';
import { formatDiagnostic, type Diagnostic } from '@vpcsim/model';
import { wrapText } from './layout.js';

/** The diagnostics of an invalid scenario. */
export function ErrorView({ file, errors, width, height = Number.MAX_SAFE_INTEGER }: { readonly file: string; readonly errors: readonly Diagnostic[]; readonly width: number; readonly height?: number | undefined }) {
  // each error on its own wrapped lines; those that do not fit are counted, not drawn off-screen
  const room = Math.max(1, height - 2);
  const blocks = errors.map((e) => wrapText(formatDiagnostic(e), width - 2));
  let used = 0;
  let shown = 0;
  for (const b of blocks) {
    const rest = blocks.length - shown - 1;
    if (used + b.length + (rest > 0 ? 1 : 0) > room) break;
    used += b.length;
    shown += 1;
  }
  return (
    <Box flexDirection="column" width={width}>
      <Text color="red" bold>
        ✗ {file} is not a valid scenario ({errors.length} error{errors.length === 1 ? '' : 's'})
      </Text>
      {blocks.slice(0, shown).flatMap((b, i) =>
        b.map((l, j) => (
          <Text key={`${i}:${j}`} wrap="truncate">
            {'  '}
            {l}
          </Text>
        )),
      )}
      {shown < errors.length ? <Text dimColor>  … {errors.length - shown} more error{errors.length - shown === 1 ? '' : 's'}: `vpcsim validate` lists them all</Text> : null}
      <Text dimColor>fix the file and open it again · q quits</Text>
    </Box>
  );
}
