import { createUserBody } from '@/lib/auth/schemas';
import { createUser, listUsers } from '@/lib/auth/users';
import { defineRoute } from '@/lib/http/route';

export const GET = defineRoute({ name: 'users.list', permission: 'admin' }, async () => ({
  users: listUsers(),
}));

export const POST = defineRoute(
  { name: 'users.create', permission: 'admin', body: createUserBody, audit: 'users.create', status: 201 },
  async ({ body }) => createUser(body),
);
