import type { Notification } from './api';

/**
 * Where a notification leads: the assignment for grades and new assignments, the bootcamp's chat for
 * mentions, otherwise the bootcamp; null when it is about nothing in particular (e.g. a site-wide announcement).
 */
export function notificationHref(n: Pick<Notification, 'kind' | 'bootcampId' | 'data'>): string | null {
  const assignmentId = n.data?.assignmentId;
  if ((n.kind === 'grade.published' || n.kind === 'assignment.created' || n.kind === 'submission.created') && assignmentId) {
    return `/assignments/${encodeURIComponent(assignmentId)}`;
  }
  if (n.bootcampId) {
    const base = `/bootcamps/${encodeURIComponent(n.bootcampId)}`;
    return n.kind === 'chat.mention' ? `${base}?tab=chat` : base;
  }
  return null;
}

/** What the link says, for people who navigate by links. */
export function linkLabel(n: Pick<Notification, 'kind'>): string {
  switch (n.kind) {
    case 'grade.published':
      return 'See your grade';
    case 'assignment.created':
    case 'submission.created':
      return 'Open the assignment';
    case 'chat.mention':
      return 'Open the chat';
    default:
      return 'Open the bootcamp';
  }
}

const kindLabels: Record<string, string> = {
  'submission.created': 'Submission',
  'grade.published': 'Grade',
  'assignment.created': 'Assignment',
  'bootcamp.updated': 'Bootcamp',
  announcement: 'Announcement',
  'enrollment.confirmed': 'Enrollment',
  'mentor.available': 'Mentor',
  'chat.mention': 'Mention',
};

export function kindLabel(kind: string): string {
  return kindLabels[kind] ?? 'Notice';
}

/** "An unexpected error occurred invoking 'X' on the server. HubException: Slow down…" → "Slow down…". */
export function hubErrorMessage(error: unknown, fallback: string): string {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const match = /HubException:\s*([\s\S]+)$/.exec(text);
  if (match) return match[1].trim();
  if (/connection (is not|was not|being) /i.test(text) || /not in the 'Connected' State/i.test(text)) {
    return 'You are offline right now. Cohortly reconnects on its own; try again in a moment.';
  }
  return fallback;
}
