import type { WorkStatus } from './api';
import { formatNumber } from '../shared/format';

const labels: Record<WorkStatus, string> = { missing: 'Not submitted', submitted: 'Submitted', graded: 'Graded' };

/** A student's standing on one assignment in words: status, score out of the maximum, late, extension. */
export function StatusChip(props: { status: WorkStatus; score?: number | null; maxScore: number; late?: boolean; extendedDueAt?: string | null }) {
  return (
    <span class="status-chips" data-testid="work-status" data-status={props.status}>
      <span class={`badge badge-${props.status}`}>{labels[props.status]}</span>
      {props.score !== undefined && props.score !== null ? (
        <span class="badge badge-score" data-testid="work-score">
          {formatNumber(props.score)} / {formatNumber(props.maxScore)}
        </span>
      ) : null}
      {props.late ? <span class="badge badge-late">{props.status === 'missing' ? 'Overdue' : 'Late'}</span> : null}
      {props.extendedDueAt ? <span class="badge badge-latest">Extension</span> : null}
    </span>
  );
}
