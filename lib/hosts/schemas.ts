import { z } from 'zod';

/** One engine as the hosts page and `GET /api/v1/hosts` show it. */
export const hostSchema = z.object({
  name: z.string(),
  /** the configured address without password, query or fragment */
  url: z.string(),
  transport: z.enum(['unix', 'tcp', 'tls', 'ssh']),
  /** the events stream and the last listing succeeded */
  reachable: z.boolean(),
  /** ok: live; stale: unreachable now, the data shown is as of lastGoodAt; down: never reached */
  status: z.enum(['ok', 'stale', 'down', 'not_configured']),
  /** when the engine last answered with good data */
  lastGoodAt: z.string().nullable(),
  /** why it is unreachable (engine or transport text: untrusted) */
  error: z.string().nullable(),
  /** the engine's version and API version, as read at its last (re)connection */
  engineVersion: z.string().nullable(),
  apiVersion: z.string().nullable(),
  /** the containers of the services the caller may see (as of lastGoodAt when not reachable) */
  containers: z.object({ running: z.number().int(), stopped: z.number().int() }),
  services: z.number().int(),
  /**
   * the swarm this engine manages, as the manager reports it; null when the engine is no swarm
   * manager (or its nodes were not read yet). Hostnames and messages are engine text: untrusted.
   */
  swarm: z
    .object({
      nodes: z.array(
        z.object({
          id: z.string(),
          hostname: z.string(),
          /** the hostname, with a short id when two nodes share one (how tasks and log lines name it) */
          label: z.string(),
          role: z.enum(['manager', 'worker']),
          /** active: takes tasks; pause: takes no new ones; drain: its tasks are moved to other nodes */
          availability: z.enum(['active', 'pause', 'drain', 'unknown']),
          /** ready, down, disconnected, unknown */
          state: z.string(),
          leader: z.boolean(),
          addr: z.string().nullable(),
          engineVersion: z.string().nullable(),
          message: z.string().nullable(),
        }),
      ),
      readAt: z.string(),
    })
    .nullable(),
});

export const hostsAnswerSchema = z.object({ hosts: z.array(hostSchema) });

export type Host = z.infer<typeof hostSchema>;
export type HostsAnswer = z.infer<typeof hostsAnswerSchema>;
