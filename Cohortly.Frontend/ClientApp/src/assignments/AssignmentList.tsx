import { useEffect, useState } from 'preact/hooks';
import { listAssignments, type Assignment } from './api';
import type { Page as ApiPage } from '../shared/api';
import { formatDateTime, formatRelative, isPast } from '../shared/format';
import { Pager } from '../shared/pager';
import { errorMessage } from '../shared/problem';
import { Link } from '../shared/router';
import './assignments.css';

const PAGE_SIZE = 20;

/** A bootcamp's assignments by due date (members and admins), each linking to its page. */
export function AssignmentList(props: { bootcampId: string; reloadKey: number; emptyHint?: string }) {
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<ApiPage<Assignment> | null>(null);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setBusy(true);
    setError(null);
    listAssignments(props.bootcampId, page, PAGE_SIZE, controller.signal)
      .then(setResult)
      .catch((e) => {
        if (!controller.signal.aborted) setError(errorMessage(e));
      })
      .finally(() => {
        if (!controller.signal.aborted) setBusy(false);
      });
    return () => controller.abort();
  }, [props.bootcampId, page, props.reloadKey, attempt]);

  if (error) {
    return (
      <div class="alert alert-error" role="alert">
        The assignments could not be loaded: {error}{' '}
        <button type="button" class="btn btn-secondary btn-small" onClick={() => setAttempt((n) => n + 1)}>
          Try again
        </button>
      </div>
    );
  }
  if (!result) {
    return (
      <p class="loading-inline" role="status">
        <span class="spinner spinner-dark" aria-hidden="true" /> Loading assignments…
      </p>
    );
  }
  return (
    <div aria-busy={busy ? 'true' : undefined} class={busy ? 'is-refreshing' : undefined} data-testid="assignment-list">
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
                <span class={isPast(a.dueAt) ? 'due due-past' : 'due'}>
                  Due <time dateTime={a.dueAt}>{formatDateTime(a.dueAt)}</time> <span class="muted">({formatRelative(a.dueAt)})</span>
                </span>
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
      <Pager page={result.page} pageSize={result.pageSize} total={result.total} busy={busy} label="Assignment pages" onPage={setPage} />
    </div>
  );
}
