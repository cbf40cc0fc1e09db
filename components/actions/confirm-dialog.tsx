'use client';

import type { ReactNode } from 'react';
import { showAsModal } from '@/components/ui/use-modal-dialog';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** what will happen, exactly; engine-provided text is rendered as text */
  children: ReactNode;
  confirmLabel: string;
  busy: boolean;
  /** the refusal of the last attempt (stays visible until the dialog closes) */
  error: string | null;
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A native modal `<dialog>`: focus trapping and Escape come from the browser. It exists only while
 * open (nothing is mounted for a closed one), and the focus returns to the opener when it closes.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  if (!props.open) return null;
  return (
    <dialog
      ref={showAsModal}
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
      data-testid="confirm-dialog"
      className="w-[min(36rem,92vw)] rounded-lg border border-zinc-200 bg-white p-0 text-sm text-zinc-800 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <form
        method="dialog"
        className="flex flex-col gap-3 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          if (!props.busy && !props.confirmDisabled) props.onConfirm();
        }}
      >
        <h2 className="text-base font-semibold">{props.title}</h2>
        <div className="flex flex-col gap-2 text-zinc-700 dark:text-zinc-300">{props.children}</div>
        {props.error ? (
          <p
            role="alert"
            data-testid="action-error"
            className="rounded bg-red-50 px-3 py-2 text-red-800 dark:bg-red-950 dark:text-red-200"
          >
            {props.error}
          </p>
        ) : null}
        <div className="mt-2 flex justify-end gap-2">
          <button
            type="button"
            onClick={props.onCancel}
            className="rounded border border-zinc-300 px-3 py-1.5 hover:bg-zinc-50 dark:border-zinc-600 dark:hover:bg-zinc-800"
          >
            Cancel
          </button>
          <button
            type="submit"
            disabled={props.busy || props.confirmDisabled}
            data-testid="confirm-action"
            className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800 disabled:opacity-50"
          >
            {props.busy ? 'Starting…' : props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
