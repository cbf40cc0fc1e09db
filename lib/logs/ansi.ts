import Anser from 'anser';

/**
 * ANSI SGR sequences → styled spans, parsed by a library (anser), so a sequence can never become markup:
 * span text is rendered as text, and colours are validated `r, g, b` triples or nothing.
 */

export interface AnsiSpan {
  text: string;
  /** CSS colour `rgb(r, g, b)` or null */
  fg: string | null;
  bg: string | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  strikethrough: boolean;
}

const ESC = '\u001b';
const RGB = /^(\d{1,3}), ?(\d{1,3}), ?(\d{1,3})$/;

function colour(value: string | undefined): string | null {
  if (!value) return null;
  const m = RGB.exec(value);
  if (!m) return null;
  return `rgb(${m[1]}, ${m[2]}, ${m[3]})`;
}

export function hasAnsi(text: string): boolean {
  return text.includes(ESC);
}

export function ansiSpans(text: string): AnsiSpan[] {
  if (!hasAnsi(text)) return [plain(text)];
  const parts = Anser.ansiToJson(text, { json: true, remove_empty: true });
  return parts.map((p) => {
    const decorations = new Set(p.decorations ?? []);
    return {
      text: p.content,
      fg: colour(p.fg_truecolor || p.fg),
      bg: colour(p.bg_truecolor || p.bg),
      bold: decorations.has('bold'),
      dim: decorations.has('dim'),
      italic: decorations.has('italic'),
      underline: decorations.has('underline'),
      strikethrough: decorations.has('strikethrough'),
    };
  });
}

/** The text without escape sequences: what search, level detection and downloads see. */
export function stripAnsi(text: string): string {
  if (!hasAnsi(text)) return text;
  return Anser.ansiToText(text);
}

function plain(text: string): AnsiSpan {
  return {
    text,
    fg: null,
    bg: null,
    bold: false,
    dim: false,
    italic: false,
    underline: false,
    strikethrough: false,
  };
}
