import { SWARM } from './labels';

/** An engine event as we keep it: the start of a service's timeline. */
export interface EngineEvent {
  host: string;
  containerId: string;
  containerName: string;
  labels: Record<string, string>;
  action: string;
  exitCode: number | null;
  at: string;
}

/** One line of the engine's `/events` stream (old engines say `status`/`id`, new ones `Action`/`Actor`). */
export interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  time?: number;
  timeNano?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/** Health checks run through exec; their events carry no state we show. */
const IGNORED_ACTION = /^exec_(create|start|die|detach)/;
const TIMELINE_ACTIONS = new Set([
  'create',
  'start',
  'die',
  'kill',
  'oom',
  'stop',
  'restart',
  'destroy',
  'health_status',
  'pause',
  'unpause',
]);

/** What a container event means for the inventory, or null when it is not about a container we show. */
export interface ContainerEvent {
  id: string;
  /** `destroy` removes the container; anything else asks for a fresh inspect */
  destroyed: boolean;
  /** a swarm task changed: the service's counts may have too */
  swarmTask: boolean;
  /** for the service timeline, when the action is worth one */
  timeline: EngineEvent | null;
}

export function containerEventOf(host: string, ev: RawEvent): ContainerEvent | null {
  const action = ev.Action ?? ev.status ?? '';
  if (ev.Type !== 'container' || IGNORED_ACTION.test(action)) return null;
  const id = ev.Actor?.ID ?? ev.id;
  if (!id) return null;
  const attrs = ev.Actor?.Attributes ?? {};
  const baseAction = action.split(':')[0] ?? action;
  let timeline: EngineEvent | null = null;
  if (TIMELINE_ACTIONS.has(baseAction)) {
    const { name = '', exitCode, ...labels } = attrs;
    timeline = {
      host,
      containerId: id,
      containerName: name,
      labels,
      action: action.trim(),
      exitCode: exitCode !== undefined ? Number(exitCode) : null,
      at: new Date(ev.timeNano ? ev.timeNano / 1e6 : (ev.time ?? Date.now() / 1000) * 1000).toISOString(),
    };
  }
  return { id, destroyed: baseAction === 'destroy', swarmTask: Boolean(attrs[SWARM.serviceId]), timeline };
}

/** Splits a chunked stream of newline-delimited JSON into parsed values (a bad line → onBad). */
export function jsonLines<T>(onValue: (value: T) => void, onBad: () => void): (chunk: Buffer) => void {
  let tail = '';
  return (chunk) => {
    tail += chunk.toString('utf8');
    let nl = tail.indexOf('\n');
    while (nl >= 0) {
      const line = tail.slice(0, nl).trim();
      tail = tail.slice(nl + 1);
      if (line) {
        let value: T;
        try {
          value = JSON.parse(line) as T;
        } catch {
          onBad();
          nl = tail.indexOf('\n');
          continue;
        }
        onValue(value);
      }
      nl = tail.indexOf('\n');
    }
  };
}
