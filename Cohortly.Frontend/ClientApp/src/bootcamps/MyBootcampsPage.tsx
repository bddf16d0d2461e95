import { useEffect } from 'preact/hooks';
import { memberRoleLabels } from './api';
import { refreshMemberships, useMemberships } from './membership';
import { ProgressSummary } from './ProgressSummary';
import { hasRole, useAuth } from '../shared/auth';
import { formatDateRange } from '../shared/format';
import { ProgressLine } from '../shared/load';
import { Page } from '../shared/page';
import { Link } from '../shared/router';
import { onNotification } from '../notifications/live';
import './bootcamps.css';

/** The signed-in user's bootcamps with their role, and progress for the ones they study in. */
export function MyBootcampsPage() {
  const auth = useAuth();
  const state = useMemberships();
  // Show what is cached at once, then re-read it (progress changes as work is graded).
  useEffect(() => {
    void refreshMemberships();
  }, []);
  // A grade changes a student's progress and average: re-read at once, without a reload.
  useEffect(() => onNotification((n) => (n.kind === 'grade.published' ? void refreshMemberships() : undefined)), []);
  const canCreate = hasRole(auth, 'admin') || hasRole(auth, 'instructor');

  return (
    <Page title="My bootcamps" testId="my-bootcamps-page" lead="The bootcamps you study in, teach or mentor.">
      {state.status === 'error' ? (
        <div class="alert alert-error" role="alert">
          Your bootcamps could not be loaded.{' '}
          <button type="button" class="btn btn-secondary btn-small" onClick={() => void refreshMemberships()}>
            Try again
          </button>
        </div>
      ) : null}
      {state.status === 'loading' && state.items.length === 0 ? (
        <ProgressLine label="Loading your bootcamps…" />
      ) : null}
      {state.status === 'ready' && state.items.length === 0 ? (
        <div class="empty" data-testid="my-bootcamps-empty">
          <p>You're not in any bootcamp yet.</p>
          <p class="actions">
            <Link class="btn btn-primary" href="/bootcamps">
              Browse bootcamps
            </Link>
            {canCreate ? (
              <Link class="btn btn-secondary" href="/bootcamps/new">
                New bootcamp
              </Link>
            ) : null}
          </p>
        </div>
      ) : null}
      {state.items.length > 0 ? (
        <ul class="my-bootcamps" aria-busy={state.status === 'loading' ? 'true' : undefined}>
          {state.items.map((m) => (
            <li key={m.bootcampId} class="my-bootcamp" data-testid="my-bootcamp">
              <div class="my-bootcamp-head">
                <h2 class="my-bootcamp-title">
                  <Link href={`/bootcamps/${encodeURIComponent(m.bootcampId)}`}>{m.title}</Link>
                </h2>
                <span class={`badge badge-${m.role}`} data-testid="my-bootcamp-role">
                  {memberRoleLabels[m.role] ?? m.role}
                </span>
              </div>
              <p class="muted small">{formatDateRange(m.startsAt, m.endsAt)}</p>
              {m.role === 'student' && m.progress ? <ProgressSummary progress={m.progress} compact /> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
