import type Docker from 'dockerode';

/**
 * The engine's own shapes that callers of the engine client see. They are dockerode's types,
 * re-exported as types only, so no module outside lib/docker imports dockerode.
 */
export type ContainerInspect = Docker.ContainerInspectInfo;
export type ContainerSummary = Docker.ContainerInfo;
export type ContainerCreateOptions = Docker.ContainerCreateOptions;
export type SwarmServiceSummary = Docker.Service;

/** The parts of a swarm service's inspect answer Opsdeck reads and writes back. */
export interface SwarmServiceInspect {
  ID: string;
  Version: { Index: number };
  Spec: {
    Name: string;
    Mode?: { Replicated?: { Replicas?: number }; Global?: object };
    TaskTemplate?: { ForceUpdate?: number; ContainerSpec?: { Image?: string } };
  } & Record<string, unknown>;
  PreviousSpec?: unknown;
  UpdateStatus?: { State?: string; Message?: string; StartedAt?: string; CompletedAt?: string };
}

/** The parts of a swarm task (`GET /tasks`) Opsdeck reads. */
export interface SwarmTask {
  ID?: string;
  ServiceID?: string;
  NodeID?: string;
  Slot?: number;
  DesiredState?: string;
  CreatedAt?: string;
  UpdatedAt?: string;
  Status?: {
    Timestamp?: string;
    State?: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
  };
}

/** The parts of a swarm node (`GET /nodes`) Opsdeck reads. */
export interface SwarmNode {
  ID?: string;
  Spec?: { Role?: string; Availability?: string; Labels?: Record<string, string> };
  Description?: { Hostname?: string; Engine?: { EngineVersion?: string } };
  Status?: { State?: string; Message?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string };
}

export interface ImageInspect {
  Id: string;
  Config?: {
    Healthcheck?: { Test?: string[] };
    Env?: string[];
    Labels?: Record<string, string> | null;
  } & Record<string, unknown>;
}

/** An engine error as dockerode reports it: the HTTP status and the engine's message. */
export interface EngineError extends Error {
  statusCode?: number;
  json?: { message?: string };
}

export type LogQuery = Record<string, string | number>;

/** What `docker login` stores: the X-Registry-Auth a pull sends. */
export interface RegistryAuth {
  username: string;
  password: string;
  serveraddress: string;
}

/** One line of a pull's progress stream. */
export interface PullProgress {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
}

export interface NetworkSummary {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Created?: string;
  Labels?: Record<string, string> | null;
  Containers?: Record<string, unknown> | null;
}

/** `GET /system/df`: sizes in bytes (-1 when the engine did not compute one). */
export interface SystemDf {
  LayersSize?: number;
  Images?:
    | {
        Id: string;
        RepoTags?: string[] | null;
        RepoDigests?: string[] | null;
        Created: number;
        Size: number;
        SharedSize: number;
        Containers: number;
        Labels?: Record<string, string> | null;
      }[]
    | null;
  Containers?:
    | {
        Id: string;
        Names?: string[];
        Image: string;
        ImageID: string;
        SizeRw?: number;
        SizeRootFs?: number;
        State: string;
        Labels?: Record<string, string> | null;
      }[]
    | null;
  Volumes?:
    | {
        Name: string;
        Driver: string;
        Labels?: Record<string, string> | null;
        UsageData?: { Size: number; RefCount: number } | null;
      }[]
    | null;
  BuildCache?: { ID: string; Size: number; InUse: boolean; Shared: boolean; Type?: string }[] | null;
}
