// The `?` overlay, generated from the key map so help and behaviour cannot drift apart.
import { Box, Text } from 'ink';
import { KEYMAP } from './keymap.js';

const SCOPE_TITLE = { global: 'everywhere', trace: 'trace screen', request: 'request screen', checks: 'checks screen' } as const;

/** Every binding, grouped by where it applies. */
export function HelpOverlay({ width }: { readonly width: number }) {
  const w = Math.max(...KEYMAP.map((b) => b.label.length));
  const scopes = (['global', 'trace', 'checks'] as const).filter((s) => KEYMAP.some((b) => b.scope === s));
  return (
    <Box flexDirection="column" borderStyle="double" borderColor="cyan" paddingX={1} width={Math.min(width, 96)}>
      <Text bold>keys (? or esc closes)</Text>
      {scopes.map((s) => (
        <Box key={s} flexDirection="column" marginTop={1}>
          <Text color="cyan">{SCOPE_TITLE[s]}</Text>
          {KEYMAP.filter((b) => b.scope === s).map((b) => (
            <Text key={b.command + b.scope} wrap="truncate">
              {'  '}
              <Text bold>{b.label.padEnd(w)}</Text>  {b.help}
            </Text>
          ))}
        </Box>
      ))}
      <Text dimColor>while editing a field: type to filter · ↑↓ choose · enter pick · esc cancel</Text>
    </Box>
  );
}
