import { idParams, updateUserBody } from '@/lib/auth/schemas';
import { deleteUser, updateUser } from '@/lib/auth/users';
import { defineRoute } from '@/lib/http/route';

export const PATCH = defineRoute(
  {
    name: 'users.update',
    permission: 'admin',
    params: idParams,
    body: updateUserBody,
    audit: 'users.update',
  },
  async ({ params, body }) => updateUser(params.id, body),
);

export const DELETE = defineRoute(
  { name: 'users.delete', permission: 'admin', params: idParams, audit: 'users.delete' },
  async ({ params }) => {
    deleteUser(params.id);
    return { ok: true };
  },
);
