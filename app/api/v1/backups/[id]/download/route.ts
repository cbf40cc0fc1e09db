import { downloadBackup } from '@/lib/backups/transfer';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** The backup as one tar (manifest.json + archives), streamed; the same format upload takes. */
export const GET = handle(ops.backupsDownload, async ({ params }) => downloadBackup(params.id));
