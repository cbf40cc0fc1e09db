import { OverviewView } from '@/components/overview/overview-view';
import { listServices } from '@/lib/services';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const initial = await listServices();
  return (
    <>
      <h1 className="sr-only">Services</h1>
      <OverviewView initial={initial} />
    </>
  );
}
