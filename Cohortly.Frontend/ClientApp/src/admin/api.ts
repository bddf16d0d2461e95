import { api, isApiError, type Page } from '../shared/api';
import type { Role } from '../shared/auth';

export interface UserSummary {
  userId: string;
  email: string;
  displayName: string;
  roles: Role[];
}

/** Exact-email lookup: 0 or 1 item. */
export async function findUserByEmail(email: string): Promise<UserSummary | null> {
  try {
    const page = await api.get<Page<UserSummary>>('/api/users', { query: { email, page: 1, pageSize: 20 } });
    return page.items[0] ?? null;
  } catch (error) {
    if (isApiError(error, 404)) return null; // tolerate a 404 for "no such user" as well as an empty page
    throw error;
  }
}

/** People whose name or email holds every word of `q` (any case), by name. */
export function searchUsers(q: string, pageSize: number, signal?: AbortSignal): Promise<Page<UserSummary>> {
  return api.get<Page<UserSummary>>('/api/users', { query: { q, page: 1, pageSize }, signal });
}

export function setUserRoles(userId: string, roles: Role[]): Promise<UserSummary> {
  return api.put<UserSummary>(`/api/users/${encodeURIComponent(userId)}/roles`, { roles });
}

/** Sets the HttpOnly cookie that lets the browser open the Orleans dashboard. */
export function openDashboardSession(): Promise<void> {
  return api.post<void>('/api/admin/dashboard-session');
}
