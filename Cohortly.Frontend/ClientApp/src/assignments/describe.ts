import type { Grade, LatePolicy } from './api';
import { formatNumber } from '../shared/format';

export const BYTES_PER_MB = 1024 * 1024;

/** "Late work loses 10% of the maximum score per started day late, but keeps at least 50%." */
export function describeLatePolicy(policy: LatePolicy): string {
  if (!policy.percentPerDay) return 'No penalty for late work.';
  const perDay = `Late work loses ${formatNumber(policy.percentPerDay)}% of the maximum score for each started day late`;
  return policy.floorPercent > 0 ? `${perDay}, but never drops below ${formatNumber(policy.floorPercent)}% of the maximum.` : `${perDay}.`;
}

/** 10485760 → "10 MB". */
export function formatFileSize(bytes: number): string {
  if (bytes >= BYTES_PER_MB) return `${formatNumber(bytes / BYTES_PER_MB, 1)} MB`;
  if (bytes >= 1024) return `${formatNumber(bytes / 1024, 0)} KB`;
  return `${bytes} bytes`;
}

/** "8 / 10". */
export function formatScore(score: number, max: number): string {
  return `${formatNumber(score)} / ${formatNumber(max)}`;
}

/** The score a student sees: the published one, with the raw score when the late policy lowered it. */
export function describeGrade(grade: Grade): { published: string; raw: string | null } {
  return {
    published: formatScore(grade.publishedScore, grade.maxScore),
    raw: grade.publishedScore !== grade.score ? formatScore(grade.score, grade.maxScore) : null,
  };
}

export function daysLateText(days: number): string {
  return days === 1 ? '1 day late' : `${days} days late`;
}
