import { api } from '../shared/api';

export function requestPasswordReset(email: string): Promise<void> {
  return api.post<void>('/api/auth/password-reset/request', { email }, { auth: false });
}

export function confirmPasswordReset(token: string, newPassword: string): Promise<void> {
  return api.post<void>('/api/auth/password-reset/confirm', { token, newPassword }, { auth: false });
}
