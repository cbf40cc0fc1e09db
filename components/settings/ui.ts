/** Shared classes of the settings forms (one look for every field and button). */
export const field =
  'rounded border border-zinc-300 bg-white px-2 py-1 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-zinc-700 dark:bg-zinc-900';
export const button =
  'rounded border border-zinc-300 px-2.5 py-1 text-sm hover:bg-zinc-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 disabled:opacity-50 dark:border-zinc-600 dark:hover:bg-zinc-800';
export const primary =
  'rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 disabled:opacity-50';
