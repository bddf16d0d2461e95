import { useState } from 'preact/hooks';
import { getGradebook, getGradebookCsv } from './api';
import { StatusChip } from './StatusChip';
import { formatDate } from '../shared/format';
import { LoadState, useLoad } from '../shared/load';
import { errorMessage } from '../shared/problem';
import './assignments.css';

/** Every enrolled student × every assignment (staff, admins), with a CSV download. */
export function GradebookTable(props: { bootcampId: string; bootcampTitle: string }) {
  const book = useLoad((signal) => getGradebook(props.bootcampId, signal), [props.bootcampId]);
  const [download, setDownload] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  const downloadCsv = async () => {
    setDownload({ busy: true, error: null });
    try {
      const csv = await getGradebookCsv(props.bootcampId);
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `gradebook-${props.bootcampTitle.replace(/[^\w-]+/g, '-').slice(0, 60) || props.bootcampId}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
      setDownload({ busy: false, error: null });
    } catch (error) {
      setDownload({ busy: false, error: `The CSV could not be made: ${errorMessage(error)}` });
    }
  };

  return (
    <div data-testid="gradebook">
      <div class="section-head">
        <h2 class="section-heading">Gradebook</h2>
        <button type="button" class="btn btn-secondary btn-small" onClick={() => void downloadCsv()} disabled={download.busy} aria-busy={download.busy ? 'true' : undefined} data-testid="gradebook-csv">
          {download.busy ? <span class="spinner spinner-dark" aria-hidden="true" /> : null}
          Download CSV
        </button>
      </div>
      {download.error ? (
        <p class="alert alert-error" role="alert">
          {download.error}
        </p>
      ) : null}
      <LoadState load={book} busyLabel="Loading the gradebook…" failure="The gradebook could not be loaded">
        {(loaded) =>
          loaded.rows.length === 0 || loaded.assignments.length === 0 ? (
            <p class="empty">{loaded.rows.length === 0 ? 'No students are enrolled yet.' : 'No assignments yet.'}</p>
          ) : (
            <div class="table-wrap gradebook-wrap" tabIndex={0} role="region" aria-label="Gradebook, scrolls sideways">
              <table class="table gradebook-table" data-testid="gradebook-table">
                <caption class="visually-hidden">Each student's status, score and lateness per assignment</caption>
                <thead>
                  <tr>
                    <th scope="col" class="sticky-col">
                      Student
                    </th>
                    {loaded.assignments.map((a) => (
                      <th key={a.assignmentId} scope="col">
                        {a.title}
                        <span class="visually-hidden">, due {formatDate(a.dueAt)}</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {loaded.rows.map((row) => (
                    <tr key={row.studentId} data-testid="gradebook-row">
                      <th scope="row" class="sticky-col">
                        {row.displayName}
                      </th>
                      {row.cells.map((cell, i) => (
                        <td key={cell.assignmentId}>
                          <StatusChip status={cell.status} score={cell.score} maxScore={loaded.assignments[i].maxScore} late={cell.late} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
    </div>
  );
}
