import { type Migration, ownedDb } from '@/lib/store/db';

/** Notification channels with their routing rule (0401) and what was last sent (0402). */
export const notificationMigrations: Migration[] = [
  {
    id: '0401_notification_channels',
    sql: `
      CREATE TABLE notification_channels (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        name TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        config TEXT NOT NULL,
        secret TEXT,
        provisioned INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    // per channel, service and event: when it was last sent, so repeats wait `repeatMinutes`
    id: '0402_notification_sent',
    sql: `
      CREATE TABLE notification_sent (
        channel_id TEXT NOT NULL,
        key TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (channel_id, key)
      );
    `,
  },
];

export const notificationsDb = ownedDb('notifications', notificationMigrations);
