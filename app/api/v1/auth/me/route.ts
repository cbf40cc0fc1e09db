import { defineRoute } from '@/lib/http/route';

export const GET = defineRoute({ name: 'auth.me', permission: 'authenticated' }, async ({ principal }) => {
  if (!principal) return { principal: null };
  const { kind, id, name, scopes, services, role } = principal;
  return { principal: { kind, id, name, scopes, services, role } };
});
