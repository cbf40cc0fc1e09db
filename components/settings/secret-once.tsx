import { CopyButton } from './copy-button';

/** A token's secret, in the one answer that carries it: shown once, with a copy button. */
export function SecretOnce({ token, name }: { token: string; name: string }) {
  return (
    <div
      className="space-y-2 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-500/40 dark:bg-emerald-500/10"
      data-testid="new-token"
    >
      <p className="font-medium">Token “{name}” created. Copy it now: it is shown only this once.</p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          className="min-w-0 break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900"
          data-testid="new-token-secret"
        >
          {token}
        </code>
        <CopyButton value={token} />
      </div>
    </div>
  );
}
