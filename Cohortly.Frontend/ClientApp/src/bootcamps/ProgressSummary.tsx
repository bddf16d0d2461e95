import type { Progress } from './api';
import { formatNumber } from '../shared/format';

/** Submitted / total as a bar, the average published score, and the late count. */
export function ProgressSummary({ progress, compact }: { progress: Progress; compact?: boolean }) {
  const total = progress.totalAssignments;
  const done = Math.min(progress.completedAssignments, total);
  return (
    <div class={`progress-summary${compact ? ' progress-compact' : ''}`}>
      <div class="progress-line">
        <span data-testid="progress-completed">
          {total === 0 ? 'No assignments yet' : `${done} of ${total} assignments submitted`}
        </span>
        {total > 0 ? <progress class="progress-bar" max={total} value={done} aria-label={`${done} of ${total} assignments submitted`} /> : null}
      </div>
      <dl class="progress-stats">
        <div>
          <dt>Average score</dt>
          <dd data-testid="progress-average">{progress.averageScorePercent === null ? 'No grades yet' : `${formatNumber(progress.averageScorePercent, 1)}%`}</dd>
        </div>
        <div>
          <dt>Late</dt>
          <dd data-testid="progress-late">{progress.lateCount === 0 ? 'None' : formatNumber(progress.lateCount, 0)}</dd>
        </div>
      </dl>
    </div>
  );
}
