'use client';

import { useEffect, useRef, useState } from 'react';
import type { LogEntry, LogLevel, LogStream } from '@/lib/logs/types';
import { appendRows, emptyBuffer, type LogBuffer } from './log-buffer';

/**
 * The live side of the viewer: one EventSource per filter set, lines batched into the bounded buffer
 * every 250 ms (one React update per batch, however fast lines come), a pause that keeps the connection
 * and counts what arrives, and a reconnect that resumes after the last line instead of repeating the tail.
 */

export interface LogStreamFilters {
  levels: LogLevel[];
  stream: LogStream | null;
  container: string | null;
  tail: number;
}

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'ended' | 'failed';

type Pending = { entry: LogEntry } | { dropped: number; ts: string };

const FLUSH_MS = 250;
const RECONNECT_MS = 2000;
/** while paused, at most this many arrivals are held for the resume (older ones are let go of) */
const MAX_HELD = 50_000;

export function logsUrl(base: string, filters: LogStreamFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  params.set('tail', String(filters.tail));
  if (filters.levels.length > 0) params.set('level', filters.levels.join(','));
  if (filters.stream) params.set('stream', filters.stream);
  if (filters.container) params.set('container', filters.container);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return `${base}?${params.toString()}`;
}

export function useLogStream(base: string, filters: LogStreamFilters, paused: boolean, maxRows: number) {
  const [buffer, setBuffer] = useState<LogBuffer>(emptyBuffer);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [error, setError] = useState<string | null>(null);
  const [heldCount, setHeldCount] = useState(0);
  const pending = useRef<Pending[]>([]);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const key = logsUrl(base, filters);

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let lastTs = '';
    let closed = false;
    pending.current = [];
    setBuffer(emptyBuffer());
    setHeldCount(0);
    setError(null);

    const connect = (resumeAfter: string) => {
      const url = resumeAfter
        ? `${key.replace(/([?&])tail=\d+/, '$1tail=all')}&since=${encodeURIComponent(resumeAfter)}`
        : key;
      source = new EventSource(`${url}&follow=1`);
      let opened = false;
      source.onopen = () => {
        opened = true;
        setStatus('live');
      };
      source.addEventListener('line', (ev) => {
        const entry = JSON.parse((ev as MessageEvent<string>).data) as LogEntry;
        // `since` is inclusive: after a reconnect the last line seen comes again
        if (resumeAfter && entry.ts <= resumeAfter) return;
        if (entry.ts) lastTs = entry.ts;
        pending.current.push({ entry });
      });
      source.addEventListener('dropped', (ev) => {
        const notice = JSON.parse((ev as MessageEvent<string>).data) as { dropped: number; ts: string };
        pending.current.push(notice);
      });
      source.addEventListener('end', () => {
        source?.close();
        setStatus('ended');
      });
      source.onerror = () => {
        source?.close();
        if (closed) return;
        if (!opened) void explainFailure(url);
        setStatus('reconnecting');
        retry = setTimeout(() => connect(lastTs), RECONNECT_MS);
      };
    };

    const explainFailure = async (url: string) => {
      try {
        const res = await fetch(url.replace(/([?&])tail=[^&]*/, '$1tail=0'), { credentials: 'same-origin' });
        if (res.ok) return;
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        setError(body?.error?.message ?? `HTTP ${res.status}`);
        if (res.status >= 400 && res.status < 500) {
          closed = true;
          if (retry) clearTimeout(retry);
          setStatus('failed');
        }
      } catch {
        // offline: the retry loop keeps trying
      }
    };

    connect('');
    const flush = setInterval(() => {
      if (pending.current.length === 0) return;
      if (pausedRef.current) {
        if (pending.current.length > MAX_HELD) pending.current.splice(0, pending.current.length - MAX_HELD);
        setHeldCount(pending.current.length);
        return;
      }
      const batch = pending.current;
      pending.current = [];
      setHeldCount(0);
      setBuffer((b) => appendRows(b, batch, maxRows));
    }, FLUSH_MS);

    return () => {
      closed = true;
      source?.close();
      if (retry) clearTimeout(retry);
      clearInterval(flush);
    };
  }, [key, maxRows]);

  return { buffer, status, error, heldCount };
}
