export type Theme = 'light' | 'dark';
export const THEME_COOKIE = 'opsdeck-theme';

/** The remembered choice from the cookie's value; anything else means "follow the system". */
export function parseTheme(value: string | undefined): Theme | null {
  return value === 'light' || value === 'dark' ? value : null;
}
