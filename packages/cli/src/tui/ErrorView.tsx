// Shown instead of the screens when the scenario does not load: its validation errors.
import { Box, Text } from 'ink';
import { formatDiagnostic, type Diagnostic } from '@vpcsim/model';

/** The diagnostics of an invalid scenario. */
export function ErrorView({ file, errors, width }: { readonly file: string; readonly errors: readonly Diagnostic[]; readonly width: number }) {
  return (
    <Box flexDirection="column" width={width}>
      <Text color="red" bold>
        ✗ {file} is not a valid scenario ({errors.length} error{errors.length === 1 ? '' : 's'})
      </Text>
      {errors.map((e, i) => (
        <Text key={i} wrap="wrap">
          {'  '}
          {formatDiagnostic(e)}
        </Text>
      ))}
      <Text dimColor>fix the file and open it again · q quits</Text>
    </Box>
  );
}
