export interface AuditInput {
  actor: string;
  actorKind: 'user' | 'token' | 'proxy' | 'anonymous' | 'system';
  address: string;
  action: string;
  target: string | null;
  serviceId: string | null;
  params: unknown;
  result: string;
  requestId: string;
}

/** Appends a hash-chained audit entry. Placeholder until the Access work lands. */
export function appendAudit(_entry: AuditInput): void {}
