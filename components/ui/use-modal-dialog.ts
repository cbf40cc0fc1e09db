'use client';

import { useCallback, useState } from 'react';

/**
 * Open/close state of something mounted only while open (a modal, a drawer, a menu's entries): the
 * overview has hundreds of rows, and a closed dialog, with its hooks and DOM, costs every row that
 * scrolls in (docs/benchmarks.md, the #18 scroll benchmark). `value` says what is open (the action
 * kind, say); render the modal as `{dialog.value !== null ? <dialog ref={showAsModal} …> : null}`.
 */
export function useModalDialog<T = true>() {
  const [value, setValue] = useState<T | null>(null);
  const show = useCallback((v: T) => setValue(() => v), []);
  const close = useCallback(() => setValue(null), []);
  return { value, isOpen: value !== null, show, close };
}

/**
 * A `<dialog>`'s ref for one rendered only while open: it shows itself as a modal when it mounts
 * (focus trapping and Escape from the browser), and when it unmounts the focus goes back to what had
 * it before, as `dialog.close()` would have done.
 */
export function showAsModal(dialog: HTMLDialogElement | null): (() => void) | undefined {
  if (!dialog) return undefined;
  const opener = document.activeElement;
  if (!dialog.open) dialog.showModal();
  return () => {
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  };
}
