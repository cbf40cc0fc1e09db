import type { IncomingMessage } from 'node:http';
import type Docker from 'dockerode';
import { dockerClient, dockerClientAt } from './client';
import type { EngineCallName } from './engine-calls';
import type {
  ContainerCreateOptions,
  ContainerInspect,
  ContainerSummary,
  ImageInspect,
  LogQuery,
  NetworkSummary,
  PullProgress,
  RegistryAuth,
  SwarmNode,
  SwarmServiceInspect,
  SwarmServiceSummary,
  SwarmTask,
  SystemDf,
} from './engine-types';

/**
 * The one way Opsdeck talks to a Docker engine: a narrow client per host with exactly the calls
 * Opsdeck makes. Each method names its ENGINE_CALLS entry; the dockerode underneath refuses any
 * request not in that list (client.ts), so the list stays the truth a socket proxy can allow.
 */

/** Names the ENGINE_CALLS entry a method sends; the type keeps the two in step. */
const via = <T>(_call: EngineCallName, run: () => T): T => run();

type ListFilters = Record<string, string[]>;

export interface ExecHandle {
  readonly id: string;
  /** attaches to the exec's output (multiplexed stdout/stderr) */
  start(): Promise<NodeJS.ReadableStream & { destroy(): void }>;
  inspect(): Promise<{ ExitCode: number | null; Running: boolean }>;
}

export interface ContainerHandle {
  readonly id: string;
  inspect(): Promise<ContainerInspect>;
  start(): Promise<void>;
  /** without `t` the engine uses the container's own stop timeout */
  stop(options?: { t?: number }): Promise<void>;
  restart(options?: { t?: number }): Promise<void>;
  kill(): Promise<void>;
  remove(options?: { force?: boolean; v?: boolean }): Promise<void>;
  wait(): Promise<{ StatusCode: number }>;
  /** the whole (non-follow) output, multiplexed; for short-lived helpers only */
  output(): Promise<Buffer>;
  stats(): Promise<unknown>;
  /** a tar stream of `path` */
  getArchive(path: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream>;
  /** extracts a tar stream under `path` */
  putArchive(body: NodeJS.ReadableStream, path: string, signal?: AbortSignal): Promise<void>;
  exec(cmd: string[]): Promise<ExecHandle>;
  /** an interactive exec with a TTY: stdin attached, output raw (a TTY does not multiplex) */
  execTerminal(cmd: string[], env: string[]): Promise<TerminalExecHandle>;
}

export interface TerminalExecHandle {
  readonly id: string;
  /** the hijacked connection: write keystrokes, read the TTY's bytes */
  start(): Promise<NodeJS.ReadWriteStream & { destroy(): void; end(): void }>;
  resize(cols: number, rows: number): Promise<void>;
  inspect(): Promise<{ ExitCode: number | null; Running: boolean }>;
}

export interface Engine {
  readonly host: string;
  listContainers(options?: { all?: boolean; filters?: ListFilters }): Promise<ContainerSummary[]>;
  createContainer(options: ContainerCreateOptions): Promise<ContainerHandle>;
  container(id: string): ContainerHandle;
  inspectImage(ref: string): Promise<ImageInspect>;
  /** pulls `repository:tag` (X-Registry-Auth from `auth`), reporting each progress line; resolves when done */
  pullImage(
    repository: string,
    tag: string,
    auth: RegistryAuth | null,
    onProgress: (line: PullProgress) => void,
  ): Promise<void>;
  /** never forced: the engine refuses an image a container uses */
  removeImage(id: string): Promise<void>;
  listNetworks(): Promise<NetworkSummary[]>;
  removeNetwork(id: string): Promise<void>;
  systemDf(): Promise<SystemDf>;
  connectNetwork(network: string, containerId: string, aliases: string[]): Promise<void>;
  inspectVolume(name: string): Promise<unknown>;
  createVolume(name: string, labels: Record<string, string>): Promise<void>;
  removeVolume(name: string, options?: { force?: boolean }): Promise<void>;
  /** names of the volumes whose labels match every `label` filter (`key` or `key=value`) */
  listVolumeNames(labels: string[]): Promise<string[]>;
  listServices(): Promise<SwarmServiceSummary[]>;
  inspectService(id: string): Promise<SwarmServiceInspect>;
  /** a spec update at `version`: the engine refuses if the service changed meanwhile */
  updateService(id: string, version: number, spec: unknown, query?: Record<string, string>): Promise<void>;
  listTasks(filters: ListFilters): Promise<SwarmTask[]>;
  /** a swarm's nodes (a manager only) */
  listNodes(): Promise<SwarmNode[]>;
  /**
   * a swarm service's log stream through the manager, every node's tasks in one answer, dialled raw;
   * with `details=1` each line carries its node, service and task ids
   */
  serviceLogStream(serviceId: string, query: LogQuery, signal: AbortSignal): Promise<IncomingMessage>;
  /** the engine's version and API version (the hosts page) */
  version(): Promise<{ Version?: string; ApiVersion?: string; Os?: string; Arch?: string }>;
  /** newline-delimited JSON events from `since` (seconds) on */
  events(since: number, filters: ListFilters, until?: number): Promise<NodeJS.ReadableStream>;
  /** a container's log stream, dialled raw: dockerode's `logs()` buffers a non-follow answer */
  logStream(containerId: string, query: LogQuery, signal: AbortSignal): Promise<IncomingMessage>;
  /** a container's stats stream (`stream=true`): one JSON document per line, about once a second */
  statsStream(containerId: string, signal: AbortSignal): Promise<IncomingMessage>;
}

/** The engine client of a configured host (the first host when none is named). */
export function engine(host?: string): Engine {
  const { name, docker } = dockerClient(host);
  return new DockerodeEngine(name, docker);
}

/** An engine client for an address that need not be configured (tests of an unreachable engine). */
export function engineAt(host: string, url: string): Engine {
  return new DockerodeEngine(host, dockerClientAt(url));
}

interface Dialer {
  dial(
    options: {
      path: string;
      method: string;
      options: LogQuery | { stream: boolean };
      isStream: true;
      abortSignal?: AbortSignal;
      statusCodes: Record<number, boolean | string>;
    },
    callback: (err: Error | null, res: IncomingMessage | null) => void,
  ): void;
}

class DockerodeEngine implements Engine {
  constructor(
    readonly host: string,
    private readonly docker: Docker,
  ) {}

  listContainers(options: { all?: boolean; filters?: ListFilters } = {}) {
    return via('containers.list', () => this.docker.listContainers(options));
  }

  async createContainer(options: ContainerCreateOptions) {
    const created = await via('containers.create', () => this.docker.createContainer(options));
    return this.container(created.id);
  }

  container(id: string): ContainerHandle {
    return containerHandle(this.docker.getContainer(id));
  }

  async inspectImage(ref: string) {
    return (await via('image.inspect', () => this.docker.getImage(ref).inspect())) as ImageInspect;
  }

  async pullImage(
    repository: string,
    tag: string,
    auth: RegistryAuth | null,
    onProgress: (line: PullProgress) => void,
  ): Promise<void> {
    // the query carries fromImage and tag only (what the socket proxy allows); auth goes in a header
    const stream = (await via('images.create', () =>
      this.docker.createImage(auth ?? undefined, { fromImage: repository, tag }),
    )) as NodeJS.ReadableStream;
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (err: Error | null, lines: PullProgress[]) => {
          // the engine reports a failed pull as a line with `error`, after a 200
          const failed = err ?? lines.find((l) => l.error);
          if (failed) reject(failed instanceof Error ? failed : new Error(String(failed.error)));
          else resolve();
        },
        (line: PullProgress) => onProgress(line),
      );
    });
  }

  async removeImage(id: string) {
    await via('image.remove', () => this.docker.getImage(id).remove({ force: false, noprune: false }));
  }

  listNetworks() {
    return via('networks.list', () => this.docker.listNetworks()) as Promise<NetworkSummary[]>;
  }

  async removeNetwork(id: string) {
    await via('network.remove', () => this.docker.getNetwork(id).remove());
  }

  async systemDf() {
    return (await via('system.df', () => this.docker.df())) as SystemDf;
  }

  async connectNetwork(network: string, containerId: string, aliases: string[]) {
    await via('network.connect', () =>
      this.docker
        .getNetwork(network)
        .connect({ Container: containerId, EndpointConfig: { Aliases: aliases } }),
    );
  }

  inspectVolume(name: string): Promise<unknown> {
    return via('volume.inspect', () => this.docker.getVolume(name).inspect());
  }

  async createVolume(name: string, labels: Record<string, string>) {
    await via('volume.create', () => this.docker.createVolume({ Name: name, Labels: labels }));
  }

  async removeVolume(name: string, options: { force?: boolean } = {}) {
    await via('volume.remove', () => this.docker.getVolume(name).remove(options));
  }

  async listVolumeNames(labels: string[]) {
    const found = await via('volumes.list', () => this.docker.listVolumes({ filters: { label: labels } }));
    return (found.Volumes ?? []).map((v) => v.Name);
  }

  listServices() {
    return via('services.list', () => this.docker.listServices());
  }

  async inspectService(id: string) {
    return (await via('service.inspect', () => this.docker.getService(id).inspect())) as SwarmServiceInspect;
  }

  async updateService(id: string, version: number, spec: unknown, query: Record<string, string> = {}) {
    await via('service.update', () =>
      this.docker.getService(id).update({
        _query: { version, ...query },
        _body: spec,
      } as unknown as Docker.ServiceSpec),
    );
  }

  async listTasks(filters: ListFilters) {
    return (await via('tasks.list', () => this.docker.listTasks({ filters }))) as SwarmTask[];
  }

  async listNodes() {
    return (await via('nodes.list', () => this.docker.listNodes())) as SwarmNode[];
  }

  serviceLogStream(serviceId: string, query: LogQuery, signal: AbortSignal): Promise<IncomingMessage> {
    return via('service.logs', () =>
      this.dial(`/services/${encodeURIComponent(serviceId)}/logs?`, query, signal, 'no such service'),
    );
  }

  /** With `until` the engine answers what it still holds of the past and ends the stream. */
  async version() {
    return via('version', () => this.docker.version());
  }

  async events(since: number, filters: ListFilters, until?: number) {
    const opts = until === undefined ? { since, filters } : { since, until, filters };
    return (await via('events', () => this.docker.getEvents(opts))) as NodeJS.ReadableStream;
  }

  logStream(containerId: string, query: LogQuery, signal: AbortSignal): Promise<IncomingMessage> {
    return via('container.logs', () => this.dialStream(containerId, 'logs', query, signal));
  }

  statsStream(containerId: string, signal: AbortSignal): Promise<IncomingMessage> {
    return via('container.stats', () => this.dialStream(containerId, 'stats', { stream: true }, signal));
  }

  private dialStream(
    containerId: string,
    what: 'logs' | 'stats',
    options: LogQuery | { stream: boolean },
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    return this.dial(
      `/containers/${encodeURIComponent(containerId)}/${what}?`,
      options,
      signal,
      'no such container',
    );
  }

  private dial(
    path: string,
    options: LogQuery | { stream: boolean },
    signal: AbortSignal,
    notFound: string,
  ): Promise<IncomingMessage> {
    const modem = this.docker.modem as Dialer;
    return new Promise((resolve, reject) => {
      modem.dial(
        {
          path,
          method: 'GET',
          options,
          isStream: true,
          abortSignal: signal,
          statusCodes: { 200: true, 404: notFound, 500: 'server error', 503: 'not a swarm manager' },
        },
        (err, res) => (err || !res ? reject(err ?? new Error('no body')) : resolve(res)),
      );
    });
  }
}

function containerHandle(c: Docker.Container): ContainerHandle {
  return {
    id: c.id,
    inspect: () => via('container.inspect', () => c.inspect()),
    start: async () => {
      await via('container.start', () => c.start());
    },
    stop: async (options) => {
      await via('container.stop', () => (options ? c.stop(options) : c.stop()));
    },
    restart: async (options) => {
      await via('container.restart', () => (options ? c.restart(options) : c.restart()));
    },
    kill: async () => {
      await via('container.kill', () => c.kill());
    },
    remove: async (options) => {
      await via('container.remove', () => (options ? c.remove(options) : c.remove()));
    },
    wait: async () => (await via('container.wait', () => c.wait())) as { StatusCode: number },
    output: async () =>
      (await via('container.logs', () =>
        c.logs({ stdout: true, stderr: true, follow: false }),
      )) as unknown as Buffer,
    stats: () => via('container.stats', () => c.stats({ stream: false })),
    getArchive: async (path, signal) =>
      (await via('container.archive.get', () =>
        c.getArchive({ path, abortSignal: signal }),
      )) as NodeJS.ReadableStream,
    putArchive: async (body, path, signal) => {
      await via('container.archive.put', () => c.putArchive(body, { path, abortSignal: signal }));
    },
    exec: async (cmd) => {
      const exec = await via('exec.create', () =>
        c.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false }),
      );
      return {
        id: exec.id,
        start: async () =>
          (await via('exec.start', () =>
            exec.start({ hijack: true, stdin: false }),
          )) as NodeJS.ReadableStream & {
            destroy(): void;
          },
        inspect: () => inspectExec(exec),
      };
    },
    execTerminal: async (cmd, env) => {
      const exec = await via('exec.create', () =>
        c.exec({
          Cmd: cmd,
          Env: env,
          AttachStdin: true,
          AttachStdout: true,
          AttachStderr: true,
          Tty: true,
        }),
      );
      return {
        id: exec.id,
        start: async () =>
          (await via('exec.start', () =>
            exec.start({ hijack: true, stdin: true, Tty: true }),
          )) as unknown as NodeJS.ReadWriteStream & { destroy(): void; end(): void },
        resize: async (cols, rows) => {
          await via('exec.resize', () => exec.resize({ w: cols, h: rows }));
        },
        inspect: () => inspectExec(exec),
      };
    },
  };
}

async function inspectExec(exec: Docker.Exec): Promise<{ ExitCode: number | null; Running: boolean }> {
  const info = await via('exec.inspect', () => exec.inspect());
  return { ExitCode: info.ExitCode ?? null, Running: info.Running };
}
