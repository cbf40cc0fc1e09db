'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/actions/confirm-dialog';
import { formatBytes as bytes } from '@/components/prometheus/format';
import { ops } from '@/lib/contract';
import { apiCall, queryKey } from '@/lib/contract/client';
import type { PrunePreview } from '@/lib/images/schemas';

type Kind = 'images' | 'networks' | 'volumes';
type Chosen = Record<Kind, Set<string>>;
const none = (): Chosen => ({ images: new Set(), networks: new Set(), volumes: new Set() });

function items(preview: PrunePreview, kind: Kind) {
  if (kind === 'images')
    return preview.images.map((i) => ({
      id: i.id,
      label: i.tags.join(', ') || `${i.id.slice(7, 19)} (untagged)`,
      size: i.size,
      named: false,
    }));
  if (kind === 'networks')
    return preview.networks.map((n) => ({
      id: n.id,
      label: `${n.name} (${n.driver})`,
      size: 0,
      named: false,
    }));
  return preview.volumes.map((v) => ({
    id: v.name,
    label: v.named ? `${v.name} (named)` : v.name,
    size: v.size,
    named: v.named,
  }));
}

/**
 * Prune with a dry run first: the server lists what is unused (nothing in use or Opsdeck's own),
 * the admin ticks what goes (a whole kind at once, except named volumes, which are only ever
 * ticked one by one), confirms, and sees what was removed or skipped and why.
 */
export function PrunePanel({ host, onDone }: { host: string; onDone: () => void }) {
  const [asked, setAsked] = useState(false);
  const [chosen, setChosen] = useState<Chosen>(none);
  const [confirming, setConfirming] = useState(false);
  const query = { host };
  const preview = useQuery({
    queryKey: queryKey(ops.systemPrunePreview, { query }),
    queryFn: () => apiCall(ops.systemPrunePreview, { query }),
    enabled: asked,
    retry: false,
  });
  const prune = useMutation({
    mutationFn: () =>
      apiCall(ops.systemPrune, {
        query,
        body: { images: [...chosen.images], networks: [...chosen.networks], volumes: [...chosen.volumes] },
      }),
    onSuccess: () => {
      setConfirming(false);
      setChosen(none());
      void preview.refetch();
      onDone();
    },
  });
  const view = preview.data;
  const toggle = (kind: Kind, id: string) =>
    setChosen((c) => {
      const next = { ...c, [kind]: new Set(c[kind]) };
      if (next[kind].has(id)) next[kind].delete(id);
      else next[kind].add(id);
      return next;
    });
  const selectKind = (kind: Kind, on: boolean) =>
    setChosen((c) => ({
      ...c,
      // named volumes are never ticked by a "select all"
      [kind]: new Set(
        on && view
          ? items(view, kind)
              .filter((i) => !i.named)
              .map((i) => i.id)
          : [],
      ),
    }));
  const total = view
    ? (['images', 'networks', 'volumes'] as Kind[]).reduce(
        (a, k) => a + items(view, k).reduce((b, i) => b + (chosen[k].has(i.id) ? i.size : 0), 0),
        0,
      )
    : 0;
  const count = chosen.images.size + chosen.networks.size + chosen.volumes.size;
  return (
    <section
      aria-label="Prune unused"
      className="space-y-3 rounded-md border border-zinc-200 p-4 dark:border-zinc-700"
    >
      <div className="flex items-center gap-3">
        <h2 className="text-lg font-semibold">Prune unused</h2>
        <button
          type="button"
          data-testid="prune-dry-run"
          onClick={() => (asked ? void preview.refetch() : setAsked(true))}
          className="rounded border border-zinc-300 px-2.5 py-1 text-sm dark:border-zinc-600"
        >
          {asked ? 'List again' : 'Find unused (dry run)'}
        </button>
      </div>
      {preview.error instanceof Error ? (
        <p className="text-sm text-red-600">{preview.error.message}</p>
      ) : null}
      {view ? (
        <div data-testid="prune-list" className="space-y-3 text-sm">
          <p className="text-xs text-zinc-500">
            Kept (in use, built in or Opsdeck’s own): {view.kept.images} images, {view.kept.networks}{' '}
            networks, {view.kept.volumes} volumes.
          </p>
          {(['images', 'networks', 'volumes'] as Kind[]).map((kind) => {
            const list = items(view, kind);
            return (
              <fieldset key={kind} className="space-y-1">
                <legend className="flex items-center gap-2 font-medium">
                  <label className="flex items-center gap-1">
                    <input
                      type="checkbox"
                      data-testid={`prune-kind-${kind}`}
                      disabled={list.length === 0}
                      checked={
                        list.some((i) => !i.named) &&
                        list.filter((i) => !i.named).every((i) => chosen[kind].has(i.id))
                      }
                      onChange={(e) => selectKind(kind, e.target.checked)}
                    />
                    {kind} ({list.length} unused)
                  </label>
                </legend>
                {kind === 'volumes' && list.some((i) => i.named) ? (
                  <p className="text-xs text-amber-700 dark:text-amber-300">
                    Named volumes may hold data a stopped stack needs: they are removed only when ticked one
                    by one.
                  </p>
                ) : null}
                <ul className="pl-5">
                  {list.map((i) => (
                    <li key={i.id}>
                      <label className="flex items-center gap-2">
                        <input
                          type="checkbox"
                          checked={chosen[kind].has(i.id)}
                          onChange={() => toggle(kind, i.id)}
                        />
                        <span className="break-all font-mono text-xs">{i.label}</span>
                        {i.size > 0 ? <span className="text-xs text-zinc-500">{bytes(i.size)}</span> : null}
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
            );
          })}
          <button
            type="button"
            disabled={count === 0}
            onClick={() => setConfirming(true)}
            data-testid="prune-selected"
            className="rounded border border-red-300 px-2.5 py-1 text-sm text-red-700 disabled:opacity-50 dark:border-red-700 dark:text-red-300"
          >
            Prune {count} selected…
          </button>
        </div>
      ) : null}
      {prune.data ? (
        <ul data-testid="prune-results" className="text-xs">
          {prune.data.results.map((r) => (
            <li key={`${r.kind}-${r.id}`}>
              {r.kind} <span className="font-mono">{r.id.slice(0, 40)}</span>: {r.outcome}
              {r.reason ? ` (${r.reason})` : ''}
            </li>
          ))}
          <li>Freed {bytes(prune.data.reclaimedBytes)}.</li>
        </ul>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={`Remove ${count} unused objects on ${host}?`}
        confirmLabel="Prune"
        busy={prune.isPending}
        error={prune.error instanceof Error ? prune.error.message : null}
        onConfirm={() => prune.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {chosen.images.size} images, {chosen.networks.size} networks and {chosen.volumes.size} volumes,
          about {bytes(total)}. Each is checked again first: whatever a container started using since the dry
          run is skipped. Removed volumes and their data cannot be brought back.
        </p>
      </ConfirmDialog>
    </section>
  );
}
