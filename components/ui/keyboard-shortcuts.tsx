'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { shortcutFor } from './shortcuts';

/**
 * Console-wide keys: `/` focuses the page's search, `g s` goes to the services, `g a` to the alerts,
 * Esc closes an open menu. Never while typing in a field.
 */
export function KeyboardShortcuts() {
  const router = useRouter();
  useEffect(() => {
    let pendingG = 0;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const typing = !!t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
      if (e.key === 'Escape') {
        for (const open of document.querySelectorAll('details[open]')) open.removeAttribute('open');
        return;
      }
      if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
      const action = shortcutFor(e.key, pendingG > Date.now());
      pendingG = 0;
      if (!action) return;
      e.preventDefault();
      if (action.kind === 'prefix') pendingG = Date.now() + 1500;
      else if (action.kind === 'search') document.querySelector<HTMLInputElement>('[data-search]')?.focus();
      else router.push(action.href);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [router]);
  return null;
}
