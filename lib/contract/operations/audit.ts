import { auditListResponse, auditQuery, auditVerifyResponse } from '@/lib/audit/schemas';
import { openApiDocumentSchema } from '../openapi-document';
import { defineOperation } from '../operation';

export const auditOps = {
  auditList: defineOperation({
    method: 'GET',
    path: '/api/v1/audit',
    name: 'audit.list',
    permission: 'admin',
    tag: 'audit',
    summary: 'Audit log, newest first; page with `before=<nextBefore>`',
    query: auditQuery,
    response: auditListResponse,
  }),
  auditVerify: defineOperation({
    method: 'GET',
    path: '/api/v1/audit/verify',
    name: 'audit.verify',
    permission: 'admin',
    tag: 'audit',
    summary: 'Recompute the audit hash chain',
    response: auditVerifyResponse,
  }),
  openapi: defineOperation({
    method: 'GET',
    path: '/api/v1/openapi.json',
    name: 'openapi',
    permission: 'public',
    tag: 'meta',
    summary: 'This document (OpenAPI 3.1)',
    response: openApiDocumentSchema,
  }),
};
