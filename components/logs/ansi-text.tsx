import type { RE2JS } from 're2js';
import type { CSSProperties, ReactNode } from 'react';
import { type AnsiSpan, ansiSpans } from '@/lib/logs/ansi';
import { matchRanges } from './log-buffer';

/**
 * A container's text with its ANSI colours as styled spans and search matches marked. Everything is a
 * React text child, so `<script>` or an escape sequence that spells HTML shows as the characters it is.
 */
export function AnsiText({ text, search }: { text: string; search: RE2JS | null }) {
  const spans = ansiSpans(text);
  const plain = spans.map((s) => s.text).join('');
  const ranges = matchRanges(plain, search);
  let offset = 0;
  return (
    <>
      {spans.map((span, i) => {
        const start = offset;
        offset += span.text.length;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: spans of one immutable line, in order
          <span key={i} style={styleOf(span)}>
            {highlight(span.text, start, ranges)}
          </span>
        );
      })}
    </>
  );
}

function styleOf(span: AnsiSpan): CSSProperties | undefined {
  if (
    !span.fg &&
    !span.bg &&
    !span.bold &&
    !span.dim &&
    !span.italic &&
    !span.underline &&
    !span.strikethrough
  ) {
    return undefined;
  }
  const lines = [span.underline ? 'underline' : '', span.strikethrough ? 'line-through' : ''].filter(Boolean);
  return {
    color: span.fg ?? undefined,
    backgroundColor: span.bg ?? undefined,
    fontWeight: span.bold ? 600 : undefined,
    opacity: span.dim ? 0.7 : undefined,
    fontStyle: span.italic ? 'italic' : undefined,
    textDecorationLine: lines.length > 0 ? lines.join(' ') : undefined,
  };
}

function highlight(text: string, start: number, ranges: [number, number][]): ReactNode {
  if (ranges.length === 0) return text;
  const end = start + text.length;
  const parts: ReactNode[] = [];
  let at = start;
  for (const [from, to] of ranges) {
    if (to <= at || from >= end) continue;
    const a = Math.max(from, at);
    const b = Math.min(to, end);
    if (a > at) parts.push(text.slice(at - start, a - start));
    parts.push(
      <mark key={a} className="rounded-sm bg-amber-300 text-zinc-900">
        {text.slice(a - start, b - start)}
      </mark>,
    );
    at = b;
  }
  if (at < end) parts.push(text.slice(at - start));
  return parts;
}
