/**
 * How tall a row must be for its wrapped text: Excel does not autofit the rows of a generated
 * file when it opens it, and LibreOffice prints a row at the height the file gives it, so a
 * two-line activity name would print over the next row. The estimate simulates word wrapping
 * with per-character widths of a proportional serif font (Times New Roman, the forms' font),
 * rounded up so the printout errs on the side of a little white space, never an overlap.
 */

/** Default row height in points (Excel's, for an 11 pt font). */
export const DEFAULT_ROW_HEIGHT = 15;

/** Pixels of one column-width unit (the maximum digit width of Calibri 11 at 96 dpi) and the cell's padding. */
const PX_PER_CHAR = 7;
const PADDING_PX = 5;

/** Width of a character in em of a Times-like font (bold is about 5 % wider). */
function charEm(ch: string): number {
  if (ch === " ") return 0.25;
  if (/[.,:;'!|ilіjІ()[\]]/.test(ch)) return 0.3;
  if (/[0-9]/.test(ch)) return 0.5;
  if (/[ШЩЖМЮШЫшщжмюыWMwm]/.test(ch)) return 0.9;
  if (/[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]/.test(ch)) return 0.7;
  if (/[«»"“”\-–—/]/.test(ch)) return 0.5;
  return 0.5;
}

/** Lines a text takes in a cell of `widthChars` column-width units, wrapped at spaces like Excel. */
export function wrappedLines(text: string, widthChars: number, fontPt = 11, bold = false): number {
  const px = (fontPt * 96) / 72;
  const scale = px * (bold ? 1.05 : 1);
  const avail = Math.max(widthChars * PX_PER_CHAR + PADDING_PX - 8, scale);
  let lines = 0;
  for (const para of text.split(/\r?\n/)) {
    lines++;
    let x = 0;
    for (const word of para.split(/ +/)) {
      if (word === "") continue;
      let w = 0;
      for (const ch of word) w += charEm(ch) * scale;
      const space = x > 0 ? 0.25 * scale : 0;
      if (x + space + w <= avail) {
        x += space + w;
        continue;
      }
      if (x > 0) lines++;
      // A word longer than the line breaks across lines.
      while (w > avail) {
        w -= avail;
        lines++;
      }
      x = w;
    }
  }
  return lines;
}

/** Points one line of text takes at a font size (Excel's line spacing for Times New Roman). */
export function lineHeight(fontPt = 11): number {
  return Math.ceil(fontPt * 1.2 * 4) / 4 + 0.75;
}

export interface WrappedCell {
  text: string;
  /** Width of the cell (the sum of its columns' widths when merged), in column-width units. */
  width: number;
  fontPt?: number;
  bold?: boolean;
}

/** The height (points) a row needs for its wrapped cells: never below the default row height. */
export function rowHeightFor(cells: WrappedCell[], min = DEFAULT_ROW_HEIGHT): number {
  let h = min;
  for (const c of cells) {
    if (!c.text) continue;
    const pt = c.fontPt ?? 11;
    const lines = wrappedLines(c.text, c.width, pt, c.bold);
    // One line fits Excel's default row; more lines take their line spacing plus the cell's padding.
    const need = lines === 1 ? pt * 1.36 : lines * lineHeight(pt) + 3;
    if (need > h) h = need;
  }
  return Math.ceil(h * 4) / 4;
}

/**
 * The height to give a row after its text changed, or null to leave it: rows are only grown,
 * and only when their height is one Jospar gave them (the default height, or the height the
 * text before the edit needed); a height the user set by hand is kept.
 */
export function refitHeight(current: number, before: number, after: number): number | null {
  const ours = Math.abs(current - DEFAULT_ROW_HEIGHT) < 0.6 || Math.abs(current - before) < 0.6;
  if (!ours || Math.abs(after - current) < 0.6) return null;
  return after;
}
