import { StringDecoder } from 'node:string_decoder';

/**
 * What was typed into a terminal, as the audit entry keeps it: readable text (Enter as a new line,
 * other control keys in caret notation: `^C`, `^[[A` for an arrow), up to `maxChars`, then only
 * counted. It holds everything typed — a password at a prompt too — hence OPSDECK_EXEC_RECORD=0.
 */
export class Transcript {
  private text = '';
  private dropped = 0;
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly maxChars: number) {}

  push(input: Buffer): void {
    const piece = render(this.decoder.write(input));
    const room = this.maxChars - this.text.length;
    if (room > 0) this.text += piece.slice(0, room);
    this.dropped += Math.max(0, piece.length - Math.max(0, room));
  }

  /** the kept text, and how many characters did not fit */
  result(): { text: string; droppedChars: number } {
    return { text: this.text, droppedChars: this.dropped };
  }
}

export function render(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\r' || ch === '\n') out += '\n';
    else if (ch === '\t') out += ch;
    else if (code < 0x20) out += `^${String.fromCharCode(code + 64)}`;
    else if (code === 0x7f) out += '^?';
    else out += ch;
  }
  return out;
}
