import type { IncidentEvent } from './types';

type Member = Omit<IncidentEvent, 'count' | 'firstAt' | 'members'>;

/** Engine actions a crash loop repeats: each `die` is one restart. */
const LOOP_ACTIONS = new Set(['die', 'start', 'restart', 'kill', 'stop', 'create']);
/** Repeats further apart than this are separate stories. */
const MAX_GAP_MS = 10 * 60_000;

const actionOf = (e: Member) => String(e.attributes.action ?? '').split(':')[0] ?? '';

function loopKey(e: Member): string | null {
  if (e.kind !== 'container' || !LOOP_ACTIONS.has(actionOf(e))) return null;
  return `loop:${e.serviceId}`;
}

/** Kinds whose repeats differ only in numbers (a probe's latency, a send's attempt count). */
const NUMBERS_VARY = new Set(['probe', 'notification']);

/** Identical lines collapse too (the same probe failure every 5 s); a deploy of v1.2 and one of v1.3 do not. */
const repeatKey = (e: Member) =>
  `same:${e.serviceId}:${e.kind}:${NUMBERS_VARY.has(e.kind) ? e.summary.replace(/\d+(\.\d+)?/g, '#') : e.summary}`;

function minutes(fromIso: string, toIso: string): string {
  const ms = Math.max(0, Date.parse(toIso) - Date.parse(fromIso));
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/**
 * A group is named by its oldest member: new repeats arrive at the newest end, so the id (a React
 * key, an expanded entry in the view) holds while the loop goes on.
 */
const groupId = (oldest: Member) => `${oldest.id}~group`;

function loopEntry(group: Member[]): IncidentEvent {
  const newest = group[0] as Member;
  const oldest = group[group.length - 1] as Member;
  const dies = group.filter((e) => actionOf(e) === 'die');
  const codes = [...new Set(dies.map((e) => e.attributes.exitCode))].filter(
    (c) => c !== null && c !== undefined,
  );
  const names = [...new Set(group.map((e) => e.containerName).filter(Boolean))];
  const who = names.length === 1 ? names[0] : `${names.length} containers`;
  const code =
    codes.length === 1 ? `, exit code ${codes[0]}` : codes.length ? `, exit codes ${codes.join('/')}` : '';
  return {
    ...newest,
    id: groupId(oldest),
    severity: dies.some((e) => e.severity === 'warning' || e.severity === 'critical')
      ? 'warning'
      : newest.severity,
    summary: `${who} restarted ${dies.length}× in ${minutes(oldest.at, newest.at)}${code}`,
    attributes: { ...newest.attributes, restarts: dies.length, exitCodes: codes },
    count: group.length,
    firstAt: oldest.at,
    members: group,
  };
}

function repeatEntry(group: Member[]): IncidentEvent {
  const newest = group[0] as Member;
  const oldest = group[group.length - 1] as Member;
  return {
    ...newest,
    id: groupId(oldest),
    summary: `${newest.summary} (${group.length}× in ${minutes(oldest.at, newest.at)})`,
    count: group.length,
    firstAt: oldest.at,
    members: group,
  };
}

/**
 * Collapses repeats in a newest-first list: a crash loop (die/start pairs, at least two restarts)
 * becomes "restarted 14× in 3 min, exit code 3", identical lines become one with a count. The
 * members stay on the entry, so the view can expand them.
 */
export function collapseRepeats(events: readonly Member[]): IncidentEvent[] {
  const out: IncidentEvent[] = [];
  let i = 0;
  while (i < events.length) {
    const first = events[i] as Member;
    const loop = loopKey(first);
    const key = repeatKey(first);
    const group: Member[] = [first];
    let j = i + 1;
    while (j < events.length) {
      const next = events[j] as Member;
      const prev = group[group.length - 1] as Member;
      // a crash loop flaps the service's health each round: those entries belong to the loop
      const joins = loop
        ? loopKey(next) === loop || (next.kind === 'health' && next.serviceId === first.serviceId)
        : repeatKey(next) === key;
      if (!joins) break;
      if (Date.parse(prev.at) - Date.parse(next.at) > MAX_GAP_MS) break;
      group.push(next);
      j++;
    }
    // the transition that started the loop stays visible: a loop entry ends on an engine event
    while (loop && group.length > 1 && group[group.length - 1]?.kind === 'health') {
      group.pop();
      j--;
    }
    const restarts = group.filter((e) => loop && actionOf(e) === 'die').length;
    if (loop && restarts >= 2) out.push(loopEntry(group));
    else if (!loop && group.length >= 3) out.push(repeatEntry(group));
    else if (loop) {
      // not a loop after all (one restart): keep them one by one, and what ended the run starts the next
      out.push(first);
      j = i + 1;
    } else for (const e of group) out.push(e);
    i = j;
  }
  return out;
}
