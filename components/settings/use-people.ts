'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createTokenBody, createUserBody, updateUserBody } from '@/lib/auth/schemas';
import { ops } from '@/lib/contract';
import { apiCall, queryKey } from '@/lib/contract/client';

/** Users (admins) and tokens (everyone's own; all for admins), through the contract's operations. */
export function useUsers() {
  return useQuery({ queryKey: queryKey(ops.usersList), queryFn: () => apiCall(ops.usersList, {}) });
}

export function useTokens() {
  return useQuery({ queryKey: queryKey(ops.tokensList), queryFn: () => apiCall(ops.tokensList, {}) });
}

export function useUserMutations() {
  const qc = useQueryClient();
  const onSuccess = () => qc.invalidateQueries({ queryKey: queryKey(ops.usersList) });
  return {
    create: useMutation({
      mutationFn: (body: z.input<typeof createUserBody>) => apiCall(ops.usersCreate, { body }),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, ...body }: { id: string } & z.input<typeof updateUserBody>) =>
        apiCall(ops.usersUpdate, { params: { id }, body }),
      onSuccess,
    }),
  };
}

export function useTokenMutations() {
  const qc = useQueryClient();
  const onSuccess = () => qc.invalidateQueries({ queryKey: queryKey(ops.tokensList) });
  return {
    create: useMutation({
      mutationFn: (body: z.input<typeof createTokenBody>) => apiCall(ops.tokensCreate, { body }),
      onSuccess,
    }),
    revoke: useMutation({
      mutationFn: (id: string) => apiCall(ops.tokensRevoke, { params: { id } }),
      onSuccess,
    }),
  };
}
