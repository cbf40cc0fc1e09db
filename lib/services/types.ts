import type { z } from 'zod';
import type {
  incidentEventSchema,
  incidentTimelineResponse,
  queueStateSchema,
  serviceSchema,
  servicesAnswerSchema,
  timelineEventSchema,
} from './schemas';

export type QueueState = z.infer<typeof queueStateSchema>;

/** The API's Service: engine state + health + what other sources (Prometheus, backups) add. */
export type Service = z.infer<typeof serviceSchema>;

export type ServicesAnswer = z.infer<typeof servicesAnswerSchema>;

export type TimelineEvent = z.infer<typeof timelineEventSchema>;

export type IncidentEvent = z.infer<typeof incidentEventSchema>;
export type IncidentTimeline = z.infer<typeof incidentTimelineResponse>;
