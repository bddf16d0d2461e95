import { api } from '../shared/api';

export interface Session {
  sessionId: string;
  bootcampId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  timeZone: string;
  status: 'scheduled' | 'cancelled';
  sequence: number;
  seriesId: string | null;
  joinUrl: string;
}

export interface CheckInCode {
  code: string;
  expiresAt: string;
  checkInUrl: string;
  qrSvg: string;
}

export interface Presence {
  userId: string;
  displayName: string;
  since: string;
}

export type AttendanceStatus = 'present' | 'late' | 'absent';

export interface AttendanceEntry {
  userId: string;
  displayName: string;
  status: AttendanceStatus;
  minutesAttended: number;
  sources: ('room' | 'checkin' | 'override')[];
  checkedInAt: string | null;
  override: { status: AttendanceStatus; reason: string; byUserId: string; byDisplayName: string; at: string } | null;
}

export interface SessionPresenceMessage {
  sessionId: string;
  userId: string;
  displayName: string;
  present: boolean;
  at: string;
}

/** The server's limits (LiveClassRules), checked here first. */
export const TITLE_MAX = 200;
export const DURATION_MIN = 5;
export const DURATION_MAX = 720;
export const WEEKLY_MAX = 52;
export const REASON_MAX = 500;

const session = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;

export const listSessions = (bootcampId: string, signal?: AbortSignal) =>
  api.get<Session[]>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/sessions`, { signal });

export const scheduleSessions = (
  bootcampId: string,
  body: { title: string; startsAt: string; durationMinutes: number; timeZone: string; weeklyCount: number },
) => api.post<{ sessionIds: string[] }>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/sessions`, body);

export const getSession = (id: string, signal?: AbortSignal) => api.get<Session>(session(id), { signal });
export const cancelSession = (id: string) => api.delete<void>(session(id));
export const getCheckInCode = (id: string, signal?: AbortSignal) => api.get<CheckInCode>(`${session(id)}/checkin-code`, { signal });
export const checkIn = (id: string, code: string) => api.post<unknown>(`${session(id)}/checkins`, { code });
export const getPresence = (id: string, signal?: AbortSignal) => api.get<Presence[]>(`${session(id)}/presence`, { signal });
export const getAttendance = (id: string, signal?: AbortSignal) => api.get<AttendanceEntry[]>(`${session(id)}/attendance`, { signal });
export const setAttendance = (id: string, userId: string, status: AttendanceStatus, reason: string) =>
  api.put<AttendanceEntry>(`${session(id)}/attendance/${encodeURIComponent(userId)}`, { status, reason });
export const getCalendarFeed = (signal?: AbortSignal) => api.get<{ feedUrl: string }>('/api/me/calendar', { signal });
export const rotateCalendarFeed = () => api.post<{ feedUrl: string }>('/api/me/calendar/rotate');

/** "Mon 15 Mar, 09:00 (Europe/Berlin)": the class's own zone, as its instructor set it, plus the reader's if it differs. */
export function formatSessionTime(s: Pick<Session, 'startsAt' | 'timeZone' | 'durationMinutes'>): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  const there = new Intl.DateTimeFormat(undefined, { ...options, timeZone: s.timeZone }).format(new Date(s.startsAt));
  const mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const here = mine && mine !== s.timeZone ? ` · ${new Intl.DateTimeFormat(undefined, options).format(new Date(s.startsAt))} your time` : '';
  return `${there} (${s.timeZone}), ${s.durationMinutes} min${here}`;
}
