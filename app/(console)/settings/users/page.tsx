import type { Metadata } from 'next';
import { UserForm } from '@/components/settings/user-form';
import { UsersList } from '@/components/settings/users-list';
import { NotAllowed } from '@/components/ui/not-allowed';
import { requirePrincipal } from '../../../_lib/auth';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const { principal, allowed } = await requirePrincipal('admin', '/settings/users');
  if (!allowed) return <NotAllowed what="users" />;
  return (
    <div className="space-y-6">
      <section aria-labelledby="new-user-h" className="space-y-2">
        <h2 id="new-user-h" className="text-lg font-semibold">
          New user
        </h2>
        <UserForm />
      </section>
      <section aria-labelledby="users-h" className="space-y-2">
        <h2 id="users-h" className="text-lg font-semibold">
          Users
        </h2>
        <UsersList selfId={principal.id} />
      </section>
    </div>
  );
}
