// The `?` overlay, generated from the key map so help and behaviour cannot drift apart.
// Help texts wrap under themselves (nothing is cut); in a short terminal the blank rows
// between groups go, and if it still does not fit the rest is announced, never drawn off-screen.
import { Box, Text } from 'ink';
import { KEYMAP, type Binding } from './keymap.js';
import { wrapText } from './layout.js';

/** A binding's group in help: `everywhere`, `trace screen`, `checks and reach screens`. */
const groupOf = (b: Binding): string => (b.scope === 'global' ? 'everywhere' : `${typeof b.scope === 'string' ? b.scope : b.scope.join(' and ')} screen${typeof b.scope === 'string' || b.scope.length === 1 ? '' : 's'}`);

type Line =
  | { readonly kind: 'title' | 'scope' | 'gap' | 'note' | 'more'; readonly text: string }
  | { readonly kind: 'key'; readonly label: string; readonly text: string; readonly second?: { readonly label: string; readonly text: string; readonly at: number } | undefined };

/** Every binding, grouped by where it applies, in at most `height` rows. */
export function HelpOverlay({ width, height = Number.MAX_SAFE_INTEGER }: { readonly width: number; readonly height?: number | undefined }) {
  const boxW = Math.min(width, 96);
  const inner = boxW - 4;
  const w = Math.max(...KEYMAP.map((b) => b.label.length));
  // everywhere first, then each screen's bindings in the order the key map lists them
  const scopes = ['everywhere', ...new Set(KEYMAP.map(groupOf).filter((g) => g !== 'everywhere'))];
  const build = (gaps: boolean): Line[] => {
    const out: Line[] = [{ kind: 'title', text: 'keys (? or esc closes)' }];
    for (const s of scopes) {
      if (gaps) out.push({ kind: 'gap', text: '' });
      out.push({ kind: 'scope', text: s });
      const list = KEYMAP.filter((x) => groupOf(x) === s);
      // two short bindings share a row (two columns), so the whole map fits in 24 rows
      const half = Math.floor((inner - 2) / 2);
      for (let k = 0; k < list.length; k++) {
        const b = list[k]!;
        const next = list[k + 1];
        if (next !== undefined && 2 + w + 2 + b.help.length <= half && half + 2 + w + 2 + next.help.length <= inner) {
          out.push({ kind: 'key', label: b.label, text: b.help, second: { label: next!.label, text: next!.help, at: half } });
          k++;
          continue;
        }
        wrapText(b.help, inner - w - 4).forEach((t, i) => out.push({ kind: 'key', label: i === 0 ? b.label : '', text: t }));
      }
    }
    for (const t of wrapText('while editing a field: type to filter · ↑↓ choose · enter pick · esc cancel', inner)) out.push({ kind: 'note', text: t });
    return out;
  };
  let lines = build(true);
  if (lines.length + 2 > height) lines = build(false);
  if (lines.length + 2 > height) {
    const keep = Math.max(1, height - 3);
    lines = [...lines.slice(0, keep), { kind: 'more', text: `↓ ${lines.length - keep} more rows: a taller terminal shows all` }];
  }
  return (
    <Box flexDirection="column" borderStyle="double" borderColor="cyan" paddingX={1} width={boxW}>
      {lines.map((l, i) => {
        switch (l.kind) {
          case 'title':
            return (
              <Text key={i} bold>
                {l.text}
              </Text>
            );
          case 'scope':
            return (
              <Text key={i} color="cyan">
                {l.text}
              </Text>
            );
          case 'key':
            return (
              <Text key={i} wrap="truncate">
                {'  '}
                <Text bold>{l.label.padEnd(w)}</Text>
                {'  '}
                {l.second ? l.text.padEnd(l.second.at - w - 4) : l.text}
                {l.second ? (
                  <>
                    {'  '}
                    <Text bold>{l.second.label.padEnd(w)}</Text>
                    {'  '}
                    {l.second.text}
                  </>
                ) : null}
              </Text>
            );
          case 'gap':
            return <Text key={i}> </Text>;
          default:
            return (
              <Text key={i} dimColor wrap="truncate">
                {l.text}
              </Text>
            );
        }
      })}
    </Box>
  );
}
