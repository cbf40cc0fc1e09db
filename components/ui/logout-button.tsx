'use client';

import { ops } from '@/lib/contract';
import { apiCall } from '@/lib/contract/client';

export function LogoutButton() {
  return (
    <button
      type="button"
      onClick={async () => {
        await apiCall(ops.authLogout, {}).catch(() => undefined);
        window.location.assign('/login');
      }}
      className="rounded-md px-2.5 py-1.5 text-sm text-zinc-600 hover:bg-zinc-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-zinc-400 dark:hover:bg-zinc-800"
    >
      Log out
    </button>
  );
}
