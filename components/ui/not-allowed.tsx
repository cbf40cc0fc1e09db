export function NotAllowed({ what }: { what: string }) {
  return (
    <p
      role="alert"
      className="rounded-lg border border-amber-300 bg-amber-50 p-6 text-sm text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
    >
      Your account may not see {what}. Ask an admin for the viewer role or a token with the read scope.
    </p>
  );
}
