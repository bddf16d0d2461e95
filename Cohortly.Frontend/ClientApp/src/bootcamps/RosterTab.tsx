import { useState } from 'preact/hooks';
import { listRoster, withdraw, type Bootcamp, type RosterEntry } from './api';
import { formatDate } from '../shared/format';
import { LoadState, useLoad } from '../shared/load';
import { Pager } from '../shared/pager';
import { errorMessage } from '../shared/problem';
import { toast } from '../shared/toasts';

const ROSTER_PAGE_SIZE = 20;

/** Staff and admins: the bootcamp's students, paged; admins remove a student (after a confirmation). */
export function RosterTab(props: { bootcamp: Bootcamp; isAdmin: boolean; onChanged: () => void }) {
  const [page, setPage] = useState(1);
  const roster = useLoad((signal) => listRoster(props.bootcamp.bootcampId, page, ROSTER_PAGE_SIZE, signal), [props.bootcamp.bootcampId, page]);
  const [removing, setRemoving] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);

  const remove = async (entry: RosterEntry) => {
    setRemoving(entry.userId);
    try {
      await withdraw(props.bootcamp.bootcampId, entry.userId);
      toast.success(`${entry.displayName} was removed from the bootcamp.`);
      setConfirm(null);
      roster.retry();
      props.onChanged();
    } catch (e) {
      toast.error(errorMessage(e));
    } finally {
      setRemoving(null);
    }
  };

  return (
    <div data-testid="roster">
      <h2 class="section-heading">Roster</h2>
      <p class="muted small">
        {props.bootcamp.enrolledCount} enrolled of {props.bootcamp.capacity} seats.
      </p>
      <LoadState load={roster} busyLabel="Loading the roster…" failure="The roster could not be loaded">
        {(result) => (
          <>
            {result.items.length === 0 ? (
              <p class="empty">Nobody has enrolled yet.</p>
            ) : (
              <div class="table-wrap" tabIndex={0} role="region" aria-label="Roster">
                <table class="table table-stack">
                  <caption class="visually-hidden">Students of {props.bootcamp.title}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Student</th>
                      <th scope="col">Status</th>
                      <th scope="col">Enrolled</th>
                      {props.isAdmin ? (
                        <th scope="col">
                          <span class="visually-hidden">Actions</span>
                        </th>
                      ) : null}
                    </tr>
                  </thead>
                  <tbody>
                    {result.items.map((entry) => (
                      <tr key={entry.userId} data-testid="roster-row">
                        <th scope="row">{entry.displayName}</th>
                        <td data-label="Status">
                          <span class={`badge ${entry.status === 'active' ? 'badge-enrolled' : ''}`}>{entry.status === 'active' ? 'Active' : 'Withdrawn'}</span>
                        </td>
                        <td data-label="Enrolled">{formatDate(entry.enrolledAt)}</td>
                        {props.isAdmin ? (
                          <td class="cell-actions">
                            {entry.status !== 'active' ? null : confirm === entry.userId ? (
                              <span class="confirm-inline">
                                <button type="button" class="btn btn-danger btn-small" disabled={removing !== null} onClick={() => remove(entry)}>
                                  {removing === entry.userId ? 'Removing…' : `Remove ${entry.displayName}`}
                                </button>
                                <button type="button" class="btn btn-ghost btn-small" disabled={removing !== null} onClick={() => setConfirm(null)}>
                                  Cancel
                                </button>
                              </span>
                            ) : (
                              <button type="button" class="btn btn-ghost btn-small" onClick={() => setConfirm(entry.userId)}>
                                Remove<span class="visually-hidden"> {entry.displayName}</span>
                              </button>
                            )}
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager page={result.page} pageSize={result.pageSize} total={result.total} busy={roster.busy} label="Roster pages" onPage={setPage} />
          </>
        )}
      </LoadState>
    </div>
  );
}
