import {
  createTokenBody,
  createTokenResponse,
  idParams,
  listTokensResponse,
  okResponse,
} from '@/lib/auth/schemas';
import { defineOperation, UNKNOWN_UUID } from '../operation';

export const tokenOps = {
  tokensList: defineOperation({
    method: 'GET',
    path: '/api/v1/tokens',
    name: 'tokens.list',
    permission: 'read',
    tag: 'tokens',
    summary: 'API tokens (no secrets): yours, or all for admins',
    response: listTokensResponse,
    usersOnly: true,
  }),
  tokensCreate: defineOperation({
    method: 'POST',
    path: '/api/v1/tokens',
    name: 'tokens.create',
    permission: 'read',
    tag: 'tokens',
    summary: 'Mint an API token (its secret is shown once)',
    description:
      'Only scopes you hold yourself; `services` limits it to service ids, `stack/service` or stacks.',
    body: createTokenBody,
    response: createTokenResponse,
    status: 201,
    audit: 'tokens.create',
    usersOnly: true,
    // Valid for the schema, refused by the handler: an expiry in the past mints nothing.
    example: { body: { name: 'matrix', scopes: ['read'], expiresAt: '2000-01-01T00:00:00Z' }, expect: 400 },
  }),
  tokensRevoke: defineOperation({
    method: 'DELETE',
    path: '/api/v1/tokens/{id}',
    name: 'tokens.revoke',
    permission: 'read',
    tag: 'tokens',
    summary: 'Revoke an API token (yours; any for admins)',
    params: idParams,
    response: okResponse,
    audit: 'tokens.revoke',
    usersOnly: true,
    example: { params: { id: UNKNOWN_UUID }, expect: 404 },
  }),
};
