import { useEffect, useState } from 'preact/hooks';
import { OpenButton } from './AttachedFiles';
import { deleteFile, formatBytes, listResources, type FileInfo } from './api';
import { DropZone } from './DropZone';
import type { Page as ApiPage } from '../shared/api';
import { hasRole, useAuth } from '../shared/auth';
import { formatDateTime } from '../shared/format';
import { Pager } from '../shared/pager';
import { errorMessage } from '../shared/problem';
import { toast } from '../shared/toasts';

const PAGE_SIZE = 20;

/** A bootcamp's course resources: members open them, instructors (and admins) add them; whoever added one (or an admin) removes it. */
export function ResourcesPanel(props: { bootcampId: string; canManage: boolean }) {
  const auth = useAuth();
  const canDelete = (f: FileInfo) => auth.status === 'signed-in' && (f.ownerId === auth.user.userId || hasRole(auth, 'admin'));
  const [page, setPage] = useState(1);
  const [resources, setResources] = useState<ApiPage<FileInfo> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    listResources(props.bootcampId, page, PAGE_SIZE, controller.signal)
      .then((found) => {
        setResources(found);
        setError(null);
      })
      .catch((e) => {
        if (!controller.signal.aborted) setError(errorMessage(e));
      });
    return () => controller.abort();
  }, [props.bootcampId, page, reload]);

  return (
    <div class="resources" data-testid="resources">
      <h2 class="visually-hidden">Resources</h2>
      {props.canManage ? (
        <DropZone
          target={{ purpose: 'resource', bootcampId: props.bootcampId }}
          label="Add course resources"
          hint="Slides, notes, datasets: every member can open them."
          onUploaded={() => setReload((n) => n + 1)}
        />
      ) : null}
      {error ? (
        <div class="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      {resources && resources.total === 0 ? <p class="empty">No resources yet.</p> : null}
      {resources && resources.total > 0 ? (
        <>
          <ul class="file-table" aria-label="Course resources">
            {resources.items.map((f) => (
              <li key={f.fileId} class="file-row" data-testid="resource">
                <span class="file-icon" aria-hidden="true">📄</span>
                <span class="attached-name">{f.name}</span>
                <span class="muted small">
                  {formatBytes(f.sizeBytes)} · {formatDateTime(f.uploadedAt)}
                </span>
                <OpenButton fileId={f.fileId} name={f.name} />
                {canDelete(f) ? (
                  <button
                    type="button"
                    class="btn btn-secondary btn-small"
                    aria-label={`Delete ${f.name}`}
                    onClick={() =>
                      deleteFile(f.fileId)
                        .then(() => setReload((n) => n + 1))
                        .catch((e) => toast.error(errorMessage(e)))
                    }
                  >
                    Delete
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
          <Pager page={resources.page} pageSize={resources.pageSize} total={resources.total} label="Resource pages" onPage={setPage} />
        </>
      ) : null}
    </div>
  );
}
