'use client';

import { useEffect, useState } from 'react';
import type { Connection } from '@/components/live/use-live-services';

/** How often the wall asks the server whether it is alive, and how long it waits for the answer. */
const CHECK_MS = 3000;
const ANSWER_MS = 2500;
/** A reconnect shorter than this (a proxy recycling the stream) is not worth alarming the room. */
const GRACE_MS = 2000;

/**
 * The wall's dead-man's switch. The stream says when it drops, but a server that hangs keeps the
 * stream open and silent: so the wall also asks `/api/health` every few seconds. When either fails,
 * a banner covers the wall, readable across the room: what is on screen is no longer live.
 */
export function WallDeadMan({ connection }: { connection: Connection }) {
  const [lastAnswerAt, setLastAnswerAt] = useState(() => Date.now());
  const [failing, setFailing] = useState(false);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let stopped = false;
    const check = async () => {
      try {
        const res = await fetch('/api/health', { cache: 'no-store', signal: AbortSignal.timeout(ANSWER_MS) });
        if (stopped) return;
        if (res.ok) {
          setLastAnswerAt(Date.now());
          setFailing(false);
        } else setFailing(true);
      } catch {
        if (!stopped) setFailing(true);
      }
      if (!stopped) setNow(Date.now());
    };
    const t = setInterval(check, CHECK_MS);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      stopped = true;
      clearInterval(t);
      clearInterval(tick);
    };
  }, []);

  const streamDown = connection.state === 'reconnecting' && now - connection.since >= GRACE_MS;
  if (!failing && !streamDown) return null;
  const since = Math.min(lastAnswerAt, connection.state === 'reconnecting' ? connection.since : lastAnswerAt);
  return (
    <div
      role="alert"
      data-testid="wall-dead-man"
      className="fixed inset-x-0 top-0 z-50 flex min-h-[40vh] flex-col items-center justify-center gap-4 bg-red-700/95 p-8 text-center text-white shadow-2xl motion-safe:animate-pulse"
    >
      <p className="text-7xl font-black uppercase tracking-tight">Wall offline</p>
      <p className="text-4xl font-semibold">
        {failing ? 'Opsdeck does not answer' : 'The live stream is down'} — what you see is from{' '}
        {new Date(since).toLocaleTimeString()}
      </p>
    </div>
  );
}
