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
