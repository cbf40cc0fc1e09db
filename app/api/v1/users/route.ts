import { createUser, listUsers } from '@/lib/auth/users';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const GET = handle(ops.usersList, async () => ({ users: listUsers() }));

export const POST = handle(ops.usersCreate, async ({ body }) => createUser(body));
