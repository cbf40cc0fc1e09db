import { ApiError, fetchJson } from '@/lib/contract/client';

export { ApiError };

/** fetch for our JSON API from the browser; prefer `apiCall` (lib/contract/client.ts) for API operations. */
export async function apiFetch<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  return (await fetchJson(path, init)) as T;
}
