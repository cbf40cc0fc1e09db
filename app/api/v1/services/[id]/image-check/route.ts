import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { checkServiceImage } from '@/lib/images';

export const dynamic = 'force-dynamic';

export const POST = handle(ops.servicesImageCheck, async ({ params }) => ({
  image: await checkServiceImage(params.id),
}));
