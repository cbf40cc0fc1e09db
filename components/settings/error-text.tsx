/** The refusal of the last attempt, as the API worded it. */
export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="form-error">
      {error instanceof Error ? error.message : String(error)}
    </p>
  );
}
