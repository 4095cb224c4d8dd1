// Row accounting for a terminal of fixed height: every screen is laid out to fit its rows, so
// nothing scrolls off the top at 80x24. Pure helpers, measured in terminal cells.

/** Below this many rows the UI drops blank lines between sections. */
export const COMPACT_ROWS = 30;

/** Display width of a string, counting each code point as one cell (the UI draws no wide glyphs). */
export const cells = (s: string): number => [...s].length;

/** Cuts `s` to `width` cells, ending in `…` when cut. */
export function clip(s: string, width: number): string {
  const cs = [...s];
  if (cs.length <= width) return s;
  return width <= 0 ? '' : `${cs.slice(0, width - 1).join('')}…`;
}

/**
 * Word-wraps `text` to lines of at most `width` cells (words longer than a line are broken),
 * at most `maxLines` lines: the last one ends in `…` when text was left out.
 */
export function wrapText(text: string, width: number, maxLines = Infinity): string[] {
  const w = Math.max(1, width);
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      let rest = word;
      if (line && cells(line) + 1 + cells(rest) <= w) {
        line += ` ${rest}`;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      while (cells(rest) > w) {
        lines.push([...rest].slice(0, w).join(''));
        rest = [...rest].slice(w).join('');
      }
      line = rest;
    }
    lines.push(line);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, Math.max(1, maxLines));
  kept[kept.length - 1] = clip(`${kept[kept.length - 1]!} …`, w);
  return kept;
}

/** The rows of `items` (widths in cells) laid out left to right with `gap` between, wrapping at `width`. */
export function flowRows(items: readonly number[], width: number, gap: number): number {
  let rows = items.length > 0 ? 1 : 0;
  let x = 0;
  for (const w of items) {
    if (x > 0 && x + gap + w > width) {
      rows += 1;
      x = w;
    } else x += (x > 0 ? gap : 0) + w;
  }
  return rows;
}

/** A window of `budget` rows over `total` lines, kept around line `focus`. */
export interface ScrollWindow {
  readonly start: number;
  readonly end: number;
  /** Lines hidden above and below, each shown as one `↑ n more` / `↓ n more` row when not 0 (at a budget under 3 some hidden lines go unannounced). */
  readonly above: number;
  readonly below: number;
}

/**
 * The lines to show so that, with one row for each `↑ n more`/`↓ n more` marker, at most
 * `budget` rows are used and line `focus` (when >= 0) is visible, as near the middle as it can be.
 */
export function scrollWindow(total: number, budget: number, focus: number): ScrollWindow {
  if (total <= budget) return { start: 0, end: total, above: 0, below: 0 };
  const b = Math.max(1, budget);
  if (b < 3) {
    // room for the focused line and at most one marker
    const start = Math.max(0, Math.min(total - 1, focus));
    const end = start + 1;
    if (b === 1) return { start, end, above: 0, below: 0 };
    return end < total ? { start, end, above: 0, below: total - end } : { start, end, above: start, below: 0 };
  }
  const f = Math.max(0, Math.min(total - 1, focus));
  let visible = b - 2;
  let start = Math.max(0, Math.min(f - Math.floor(visible / 2), total - visible));
  if (start === 0) {
    visible = b - 1;
  } else if (start + visible >= total) {
    visible = b - 1;
    start = total - visible;
  }
  let end = start + visible;
  // a marker for a single line takes its row: show the line instead
  if (start === 1) start = 0;
  if (end === total - 1) end = total;
  return { start, end, above: start, below: total - end };
}

/** What a part of a screen wants: at least `min` rows, at most `max`. */
export interface Demand {
  readonly min: number;
  readonly max: number;
}

/**
 * Shares `total` rows among parts: first each part's minimum, in order, while rows last; then
 * what is left, up to each part's maximum, in `extraOrder` (default: the same order).
 */
export function allocate(total: number, demands: readonly Demand[], extraOrder: readonly number[] = demands.map((_, i) => i)): number[] {
  let left = Math.max(0, total);
  const got = demands.map((d) => {
    const n = Math.min(Math.max(0, d.min), left);
    left -= n;
    return n;
  });
  for (const i of extraOrder) {
    const d = demands[i];
    if (!d) continue;
    const more = Math.min(Math.max(0, d.max - got[i]!), left);
    got[i] = got[i]! + more;
    left -= more;
  }
  return got;
}
