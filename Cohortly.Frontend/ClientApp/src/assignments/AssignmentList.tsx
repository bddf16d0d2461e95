import { useState } from 'preact/hooks';
import { listAssignments } from './api';
import { StatusChip } from './StatusChip';
import { formatDateTime, formatRelative, isPast } from '../shared/format';
import { LoadState, useLoad } from '../shared/load';
import { Pager } from '../shared/pager';
import { Link } from '../shared/router';
import './assignments.css';

const PAGE_SIZE = 20;

/** A bootcamp's assignments by due date (members and admins), each linking to its page. */
export function AssignmentList(props: { bootcampId: string; reloadKey: number; emptyHint?: string }) {
  const [page, setPage] = useState(1);
  const assignments = useLoad((signal) => listAssignments(props.bootcampId, page, PAGE_SIZE, signal), [props.bootcampId, page, props.reloadKey]);
  return (
    <LoadState load={assignments} busyLabel="Loading assignments…" failure="The assignments could not be loaded">
      {(result) => (
        <div data-testid="assignment-list">
          {result.items.length === 0 ? (
            <p class="empty" data-testid="assignment-list-empty">
              No assignments yet.{props.emptyHint ? ` ${props.emptyHint}` : ''}
            </p>
          ) : (
            <ul class="assignment-list">
              {result.items.map((a) => (
                <li key={a.assignmentId} class="assignment-item">
                  <Link class="assignment-link" href={`/assignments/${encodeURIComponent(a.assignmentId)}`} data-testid="assignment-link">
                    {a.title}
                  </Link>
                  <span class="assignment-meta">
                    <span class={isPast(a.myExtendedDueAt ?? a.dueAt) ? 'due due-past' : 'due'}>
                      Due <time dateTime={a.myExtendedDueAt ?? a.dueAt}>{formatDateTime(a.myExtendedDueAt ?? a.dueAt)}</time>{' '}
                      <span class="muted">({formatRelative(a.myExtendedDueAt ?? a.dueAt)})</span>
                    </span>
                    {a.myStatus ? <StatusChip status={a.myStatus} score={a.myScore} maxScore={a.maxScore} late={a.late} extendedDueAt={a.myExtendedDueAt} /> : null}
                    {a.closed ? (
                      <span class="badge badge-closed" data-testid="closed-badge">
                        Closed
                      </span>
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <Pager page={result.page} pageSize={result.pageSize} total={result.total} busy={assignments.busy} label="Assignment pages" onPage={setPage} />
        </div>
      )}
    </LoadState>
  );
}
