import { deleteUser, updateUser } from '@/lib/auth/users';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const PATCH = handle(ops.usersUpdate, async ({ params, body }) => updateUser(params.id, body));

export const DELETE = handle(ops.usersDelete, async ({ params }) => {
  deleteUser(params.id);
  return { ok: true };
});
