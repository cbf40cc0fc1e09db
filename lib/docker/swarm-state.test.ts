import { describe, expect, it } from 'vitest';
import type { Engine } from './engine';
import type { SwarmNode, SwarmTask } from './engine-types';
import { mapNodes, mapTasks, SwarmState, summariseTasks, taskName } from './swarm-state';

const node = (id: string, hostname: string, over: Partial<SwarmNode> = {}): SwarmNode => ({
  ID: id,
  Spec: { Role: 'worker', Availability: 'active' },
  Description: { Hostname: hostname, Engine: { EngineVersion: '20.10.24' } },
  Status: { State: 'ready', Addr: '127.0.0.1' },
  ...over,
});

const task = (id: string, over: Partial<SwarmTask> & { state?: string; err?: string } = {}): SwarmTask => {
  const { state = 'running', err, ...rest } = over;
  return {
    ID: id,
    ServiceID: 'svc1',
    NodeID: 'n1',
    Slot: 1,
    DesiredState: 'running',
    Status: { State: state, Err: err, Timestamp: `2026-01-01T00:00:0${id.length % 10}Z`, Message: state },
    ...rest,
  };
};

describe('swarm nodes', () => {
  it('maps role, availability, leader; managers first; an unknown availability is unknown', () => {
    const nodes = mapNodes([
      node('n2', 'beta', { Spec: { Role: 'worker', Availability: 'drain' } }),
      node('n1', 'alpha', {
        Spec: { Role: 'manager', Availability: 'active' },
        ManagerStatus: { Leader: true },
      }),
      node('n3', 'gamma', { Spec: { Role: 'worker', Availability: 'weird' } }),
      { Spec: { Role: 'worker' } },
    ]);
    expect(nodes.map((n) => [n.label, n.role, n.availability, n.leader])).toEqual([
      ['alpha', 'manager', 'active', true],
      ['beta', 'worker', 'drain', false],
      ['gamma', 'worker', 'unknown', false],
    ]);
  });

  it('tells nodes that share a hostname apart by a short id', () => {
    const nodes = mapNodes([node('aaaaaaaaaa1', 'vm'), node('bbbbbbbbbb2', 'vm'), node('c3', 'other')]);
    expect(nodes.map((n) => n.label).sort()).toEqual(['other', 'vm~aaaaaa', 'vm~bbbbbb']);
  });
});

describe('a service across the swarm', () => {
  const nodes = mapNodes([
    node('n1', 'one', { Spec: { Role: 'manager', Availability: 'active' } }),
    node('n2', 'two', { Spec: { Role: 'worker', Availability: 'drain' } }),
  ]);

  it('counts desired vs running per node and says so in a summary', () => {
    const tasks =
      mapTasks(
        [
          task('t1', { Slot: 1, NodeID: 'n1' }),
          task('t2', { Slot: 2, NodeID: 'n2' }),
          task('t3', { Slot: 3, NodeID: 'n2', state: 'starting' }),
          // history: a shut-down task is not meant to run
          task('old', { Slot: 3, NodeID: 'n1', DesiredState: 'shutdown', state: 'shutdown' }),
        ],
        nodes,
      ).get('svc1') ?? [];
    const s = summariseTasks({ name: 'web', mode: 'replicated', replicas: 3 }, tasks, nodes);
    expect(s.summary).toBe('2 of 3 tasks running on 2 nodes');
    expect(s.nodes).toEqual([
      { nodeId: 'n1', node: 'one', availability: 'active', desired: 1, running: 1 },
      { nodeId: 'n2', node: 'two', availability: 'drain', desired: 2, running: 1 },
    ]);
    expect(s.tasks.map((t) => t.slot)).toEqual([1, 2, 3]);
    expect(s.problems).toEqual([{ task: 'web.3', state: 'starting', reason: null }]);
  });

  it('gives the engine error of a pending task, else the last failed task of its slot', () => {
    const tasks =
      mapTasks(
        [
          task('p1', {
            Slot: 1,
            NodeID: '',
            state: 'pending',
            err: 'no suitable node (insufficient resources on 2 nodes)',
          }),
          task('new2', { Slot: 2, state: 'ready' }),
          task('failed2', {
            Slot: 2,
            DesiredState: 'shutdown',
            state: 'failed',
            err: 'task: non-zero exit (3)',
          }),
        ],
        nodes,
      ).get('svc1') ?? [];
    const s = summariseTasks({ name: 'web', mode: 'replicated', replicas: 2 }, tasks, nodes);
    expect(s.summary).toBe('0 of 2 tasks running on 0 nodes');
    expect(s.problems).toEqual([
      { task: 'web.1', state: 'pending', reason: 'no suitable node (insufficient resources on 2 nodes)' },
      { task: 'web.2', state: 'ready', reason: 'task: non-zero exit (3)' },
    ]);
    expect(s.tasks[0]?.node).toBeNull();
  });

  it('a global service wants one task per eligible node, named by node', () => {
    const tasks =
      mapTasks(
        [task('g1', { Slot: 0, NodeID: 'n1' }), task('g2', { Slot: 0, NodeID: 'n2', state: 'preparing' })],
        nodes,
      ).get('svc1') ?? [];
    const s = summariseTasks({ name: 'agent', mode: 'global', replicas: 0 }, tasks, nodes);
    expect(s.desired).toBe(2);
    expect(s.summary).toBe('1 of 2 tasks running on 1 node');
    expect(s.problems.map((p) => p.task)).toEqual(['agent@two']);
    expect(taskName('agent', { slot: null, node: null, id: 'abcdefabcdefabcdef' })).toBe(
      'agent@abcdefabcdef',
    );
  });
});

describe('SwarmState', () => {
  it('publishes a change only when what it read differs; pause keeps the snapshot, stop forgets it', async () => {
    let tasks: SwarmTask[] = [task('t1')];
    const engine = {
      host: 'm',
      listNodes: async () => [node('n1', 'one')],
      listTasks: async () => tasks,
    } as unknown as Engine;
    const state = new SwarmState(engine, { intervalMs: 60_000 });
    let changes = 0;
    state.on('change', () => changes++);
    state.start();
    await state.refresh();
    expect(changes).toBe(1);
    await state.refresh();
    expect(changes).toBe(1);
    tasks = [task('t1', { state: 'failed' })];
    await state.refresh();
    expect(changes).toBe(2);
    expect(state.snapshot()?.tasksByService.get('svc1')?.[0]?.state).toBe('failed');
    state.pause();
    expect(state.snapshot()).not.toBeNull();
    state.stop();
    expect(state.snapshot()).toBeNull();
    expect(changes).toBe(3);
  });
});
