'use client';

import type { Service } from '@/lib/services/types';
import { ServiceActions } from './service-actions';

/** The overview row's actions: a restart button and a menu; nothing for viewers or the wall. */
export function RowActions({ service, canOperate }: { service: Service; canOperate: boolean }) {
  return <ServiceActions service={service} canOperate={canOperate} compact />;
}
