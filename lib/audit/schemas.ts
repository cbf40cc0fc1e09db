import { z } from 'zod';

export const auditQuery = z.object({
  actor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  target: z.string().max(500).optional(),
  serviceId: z.string().max(1100).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const auditEntry = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  actorKind: z.string(),
  address: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  serviceId: z.string().nullable(),
  params: z.unknown(),
  result: z.string(),
  requestId: z.string(),
  /** for a token: the user who minted it */
  onBehalfOf: z.string().nullable(),
  hash: z.string(),
});

export type AuditEntry = z.infer<typeof auditEntry>;

export const auditListResponse = z.object({
  entries: z.array(auditEntry),
  nextBefore: z.number().nullable(),
});
export const auditVerifyResponse = z.object({
  ok: z.boolean(),
  entries: z.number(),
  firstBadSeq: z.number().optional(),
  headSeq: z.number(),
  headHash: z.string(),
});
