/** The `up` of a service's Prometheus job: nothing when it declares none or Prometheus cannot say. */
export function UpBadge({ up }: { up: boolean | null }) {
  if (up === null) return null;
  return (
    <span
      data-testid="up-badge"
      data-up={up ? 'true' : 'false'}
      title={up ? 'Prometheus scrapes all its targets (up == 1)' : 'A Prometheus target is down (up == 0)'}
      className={`rounded px-1.5 py-0.5 text-xs ${
        up
          ? 'text-emerald-700 dark:text-emerald-400'
          : 'bg-red-100 font-semibold text-red-800 dark:bg-red-500/20 dark:text-red-300'
      }`}
    >
      {up ? 'up' : 'target down'}
    </span>
  );
}
