/**
 * How the wall lays out n tiles in the room it has, without ever scrolling: the column count that
 * gives each tile the largest "scale" (a tile must be about three times wider than it is tall to read
 * well), and font sizes derived from that scale. Pure, so the fit is tested without a browser.
 */
export interface WallLayout {
  cols: number;
  rows: number;
  /** px: the tile's usable height unit, which the type sizes follow */
  scale: number;
  /** px sizes of the tile's text */
  nameFont: number;
  smallFont: number;
  pad: number;
  /** small tiles drop the reason line and the big badge */
  dense: boolean;
}

const TILE_ASPECT = 3;
const MAX_NAME_FONT = 40;
const MIN_NAME_FONT = 11;
/** average advance of a character in the sans font, as a fraction of the font size (semibold, with some room) */
const CHAR_WIDTH = 0.62;

export function fitWall(
  n: number,
  width: number,
  height: number,
  gap: number,
  longestName: number,
): WallLayout {
  const count = Math.max(1, n);
  let best = { cols: 1, rows: count, scale: 0, tileW: width };
  for (let cols = 1; cols <= count; cols++) {
    const rows = Math.ceil(count / cols);
    const tileW = (width - gap * (cols - 1)) / cols;
    const tileH = (height - gap * (rows - 1)) / rows;
    const scale = Math.min(tileW / TILE_ASPECT, tileH);
    if (scale > best.scale) best = { cols, rows, scale, tileW };
  }
  const scale = Math.max(0, best.scale);
  const dense = scale < 130;
  // the height budget: name (one line) + stack line + stats line (+ reason when not dense) + padding
  const byHeight = scale * (dense ? 0.3 : 0.24);
  const pad = Math.round(Math.min(20, Math.max(4, scale * 0.07)));
  // shrink rather than cut: the longest full name fits on one line where it can, else it wraps
  const byWidth = (best.tileW - pad * 2) / (Math.max(8, longestName) * CHAR_WIDTH);
  const nameFont = Math.floor(Math.max(MIN_NAME_FONT, Math.min(MAX_NAME_FONT, byHeight, byWidth)));
  const smallFont = Math.floor(Math.max(10, Math.min(24, scale * (dense ? 0.16 : 0.12))));
  return { cols: best.cols, rows: best.rows, scale, nameFont, smallFont, pad, dense };
}
