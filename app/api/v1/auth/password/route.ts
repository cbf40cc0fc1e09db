import { changeOwnPassword } from '@/lib/auth/users';
import { ops } from '@/lib/contract';
import { badRequest, unauthorized } from '@/lib/errors';
import { handle } from '@/lib/http/route';

// `usersOnly`: the pipeline refuses token principals before this runs.
export const POST = handle(ops.authPassword, async ({ body, principal }) => {
  if (!principal) throw unauthorized();
  // a proxy-authenticated or single-sign-on user has no password here to change
  if (principal.kind !== 'user') throw badRequest('This account has no local password');
  await changeOwnPassword(principal.id, body.currentPassword, body.newPassword);
  return { ok: true as const };
});
