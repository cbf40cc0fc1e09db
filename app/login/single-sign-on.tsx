/**
 * "Sign in with <provider>": a plain link (a top-level navigation, so the provider's page and cookies
 * work as usual), above the local login, and why the last attempt was refused, if it was.
 */
export function SingleSignOn({
  name,
  nextPath,
  error,
}: {
  name: string;
  nextPath: string;
  error: string | null;
}) {
  const href = `/api/v1/auth/oidc/login${nextPath === '/' ? '' : `?next=${encodeURIComponent(nextPath)}`}`;
  return (
    <div className="mb-6 space-y-3 border-b border-zinc-200 pb-6 dark:border-zinc-800">
      {error && (
        <p
          id="sso-error"
          role="alert"
          className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </p>
      )}
      <a
        href={href}
        className="block w-full rounded-md border border-zinc-300 px-3 py-2 text-center text-sm font-semibold hover:bg-zinc-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Sign in with {name}
      </a>
      <p className="text-center text-xs text-zinc-500 dark:text-zinc-400">or log in with a local account</p>
    </div>
  );
}
