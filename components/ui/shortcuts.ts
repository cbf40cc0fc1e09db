export type Shortcut = { kind: 'prefix' } | { kind: 'search' } | { kind: 'go'; href: string };

const goTo: Record<string, string> = { s: '/', a: '/alerts' };

/** What a key does, given whether `g` was just pressed. Pure, so the table is tested without a DOM. */
export function shortcutFor(key: string, afterG: boolean): Shortcut | null {
  if (afterG) {
    const href = goTo[key];
    return href ? { kind: 'go', href } : null;
  }
  if (key === '/') return { kind: 'search' };
  if (key === 'g') return { kind: 'prefix' };
  return null;
}
