import { ops } from '@/lib/contract';
import { unauthorized } from '@/lib/errors';
import { handle } from '@/lib/http/route';

export const GET = handle(ops.authMe, async ({ principal }) => {
  if (!principal) throw unauthorized(); // `authenticated`: the pipeline answered 401 already
  const { kind, id, name, scopes, services, role, label } = principal;
  return {
    principal: { kind, id, name, scopes: [...scopes], services: services && [...services], role, label },
  };
});
