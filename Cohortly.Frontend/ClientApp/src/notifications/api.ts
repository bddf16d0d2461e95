import { api, type Page } from '../shared/api';

/** Kinds the server sends today; others may appear later and are shown generically. */
export type NotificationKind =
  | 'submission.created'
  | 'grade.published'
  | 'assignment.created'
  | 'bootcamp.updated'
  | 'announcement'
  | 'enrollment.confirmed'
  | 'mentor.available'
  | 'chat.mention'
  | (string & {});

/** One notification: the same shape (and id) live over SignalR and in the inbox. */
export interface Notification {
  notificationId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  bootcampId?: string | null;
  createdAt: string;
  data: Record<string, string>;
  read: boolean;
}

/** `GET /api/notifications`: a page of the inbox (newest first) plus the unread count. */
export interface InboxPage extends Page<Notification> {
  unread: number;
}

export interface ChatMessage {
  messageId: string;
  bootcampId: string;
  fromUserId: string;
  fromDisplayName: string;
  text: string;
  sentAt: string;
  sequence: number;
}

export interface PresenceMessage {
  userId: string;
  kind: 'mentor' | (string & {});
  available: boolean;
}

export const CHAT_MAX_LENGTH = 2000;
export const ANNOUNCEMENT_TITLE_MAX = 200;
export const ANNOUNCEMENT_BODY_MAX = 5000;

export function listNotifications(
  query: { unreadOnly?: boolean; since?: string | null; page?: number; pageSize?: number },
  signal?: AbortSignal,
): Promise<InboxPage> {
  return api.get<InboxPage>('/api/notifications', {
    query: { unreadOnly: query.unreadOnly ? true : undefined, since: query.since ?? undefined, page: query.page, pageSize: query.pageSize },
    signal,
  });
}

export function markRead(notificationId: string): Promise<void> {
  return api.post<void>(`/api/notifications/${encodeURIComponent(notificationId)}/read`);
}

export function markAllRead(): Promise<void> {
  return api.post<void>('/api/notifications/read-all');
}

export function announce(input: { title: string; body: string; bootcampId?: string | null }): Promise<void> {
  return api.post<void>('/api/announcements', { title: input.title, body: input.body, bootcampId: input.bootcampId || undefined });
}

/** A bootcamp's chat, oldest first (newest last); `before` is the sequence of the oldest message shown. */
export function chatHistory(bootcampId: string, query: { before?: number; limit?: number }, signal?: AbortSignal): Promise<{ items: ChatMessage[] }> {
  return api.get<{ items: ChatMessage[] }>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/chat`, {
    query: { before: query.before, limit: query.limit ?? 50 },
    signal,
  });
}

export function setAvailability(available: boolean, until: string | null): Promise<void> {
  return api.put<void>('/api/mentors/me/availability', { available, until: available && until ? until : undefined });
}

export interface Availability {
  available: boolean;
  until: string | null;
}

export interface MentorPresence extends Availability {
  userId: string;
  displayName: string;
}

/** The calling mentor's stored availability (an end time that has passed reads as away). */
export async function getAvailability(signal?: AbortSignal): Promise<Availability> {
  const a = await api.get<Availability>('/api/mentors/me/availability', { signal });
  return { available: a.available, until: a.until ?? null };
}

/** The bootcamp's mentors and whether each is available now (members, admins). */
export function listMentorPresence(bootcampId: string, signal?: AbortSignal): Promise<MentorPresence[]> {
  return api.get<MentorPresence[]>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/mentors/presence`, { signal });
}
