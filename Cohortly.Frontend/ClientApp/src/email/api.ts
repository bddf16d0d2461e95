import { api, type Page } from '../shared/api';

export interface EmailPreferences {
  weeklyReport: boolean;
  assignmentNotices: boolean;
  marketing: boolean;
}

export type OutboxStatus = 'queued' | 'sent' | 'failed';

export interface OutboxItem {
  messageId: string;
  to: string;
  template: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  queuedAt: string;
  nextAttemptAt: string | null;
}

export const getEmailPreferences = (signal?: AbortSignal) => api.get<EmailPreferences>('/api/me/email-preferences', { signal });

export const saveEmailPreferences = (preferences: EmailPreferences) => api.put<EmailPreferences>('/api/me/email-preferences', preferences);

export const listOutbox = (query: { status: OutboxStatus | null; page: number; pageSize: number }, signal?: AbortSignal) =>
  api.get<Page<OutboxItem>>('/api/admin/email/outbox', { query, signal });

export const retryEmail = (messageId: string) => api.post<OutboxItem>(`/api/admin/email/outbox/${encodeURIComponent(messageId)}/retry`);

export const runWeeklyReports = () => api.post<{ reports: number }>('/api/admin/email/weekly-reports/run');

/** One message the embedded email transport delivered (embedded mode only). */
export interface DevMailboxMessage {
  messageId: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  sentAt: string;
  attachments: string[];
}

export const readDevMailbox = (signal?: AbortSignal) => api.get<{ items: DevMailboxMessage[] }>('/dev/mailbox', { query: { limit: 100 }, signal });
