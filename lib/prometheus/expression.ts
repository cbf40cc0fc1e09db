/** Longest PromQL expression accepted from a label or the config file. */
export const MAX_EXPRESSION_LENGTH = 4000;

/**
 * Checks that an untrusted PromQL expression is self-contained before it is spliced into a batch
 * query: brackets balanced outside string literals and no `#` comment, so that `1)) or vector(…` in
 * one service's label cannot close our wrapper and report values for another service.
 * Returns a problem description, or null when the text is safe to embed.
 */
export function expressionProblem(expr: string): string | null {
  if (expr.trim() === '') return 'empty expression';
  if (expr.length > MAX_EXPRESSION_LENGTH)
    return `expression longer than ${MAX_EXPRESSION_LENGTH} characters`;
  const closing: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  let quote: string | null = null;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr.charAt(i);
    if (quote) {
      if (ch === '\\' && quote !== '`') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '#') return 'comments (#) are not allowed in expressions';
    else if (ch === '(' || ch === '[' || ch === '{') stack.push(ch);
    else if (ch in closing) {
      if (stack.pop() !== closing[ch]) return `unbalanced "${ch}"`;
    }
  }
  if (quote) return 'unterminated string literal';
  if (stack.length > 0) return `unclosed "${stack[stack.length - 1]}"`;
  return null;
}

/** A PromQL string literal (Go escaping accepts JSON's). */
export function promString(value: string): string {
  return JSON.stringify(value);
}

/** Escapes a value for use inside a PromQL (RE2) regex matcher. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
