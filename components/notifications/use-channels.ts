'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ops } from '@/lib/contract';
import { apiCall, queryKey } from '@/lib/contract/client';
import type { NewChannelInput } from '@/lib/notifications/schemas';

const key = queryKey(ops.notificationChannelsList);

export function useChannels() {
  return useQuery({ queryKey: key, queryFn: () => apiCall(ops.notificationChannelsList, {}) });
}

export function useChannelActions() {
  const client = useQueryClient();
  const onSettled = () => void client.invalidateQueries({ queryKey: key });
  return {
    create: useMutation({
      mutationFn: (body: NewChannelInput) => apiCall(ops.notificationChannelsCreate, { body }),
      retry: false,
      onSettled,
    }),
    remove: useMutation({
      mutationFn: (id: string) => apiCall(ops.notificationChannelsDelete, { params: { id } }),
      retry: false,
      onSettled,
    }),
    test: useMutation({
      mutationFn: (id: string) => apiCall(ops.notificationChannelsTest, { params: { id } }),
      retry: false,
    }),
  };
}
