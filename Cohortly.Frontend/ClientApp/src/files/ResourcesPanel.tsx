import { useState } from 'preact/hooks';
import { OpenButton } from './AttachedFiles';
import { deleteFile, formatBytes, listResources, type FileInfo } from './api';
import { DropZone } from './DropZone';
import { FileIcon } from './FileIcon';
import { hasRole, useAuth } from '../shared/auth';
import { formatDateTime } from '../shared/format';
import { LoadState, useLoad } from '../shared/load';
import { Pager } from '../shared/pager';
import { errorMessage } from '../shared/problem';
import { toast } from '../shared/toasts';

const PAGE_SIZE = 20;

/** A bootcamp's course resources: members open them, instructors (and admins) add them; whoever added one (or an admin) removes it. */
export function ResourcesPanel(props: { bootcampId: string; canManage: boolean }) {
  const auth = useAuth();
  const canDelete = (f: FileInfo) => auth.status === 'signed-in' && (f.ownerId === auth.user.userId || hasRole(auth, 'admin'));
  const [page, setPage] = useState(1);
  const resources = useLoad((signal) => listResources(props.bootcampId, page, PAGE_SIZE, signal), [props.bootcampId, page]);

  return (
    <div class="resources" data-testid="resources">
      <h2 class="visually-hidden">Resources</h2>
      {props.canManage ? (
        <DropZone
          target={{ purpose: 'resource', bootcampId: props.bootcampId }}
          label="Add course resources"
          hint="Slides, notes, datasets: every member can open them."
          onUploaded={() => resources.retry()}
        />
      ) : null}
      <LoadState load={resources} busyLabel="Loading the resources…" failure="The resources could not be loaded">
        {(found) =>
          found.total === 0 ? (
            <p class="empty">No resources yet.</p>
          ) : (
            <>
              <ul class="file-table" aria-label="Course resources">
                {found.items.map((f) => (
                  <li key={f.fileId} class="file-row" data-testid="resource">
                    <FileIcon />
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
                            .then(resources.retry)
                            .catch((e) => toast.error(errorMessage(e)))
                        }
                      >
                        Delete
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
              <Pager page={found.page} pageSize={found.pageSize} total={found.total} busy={resources.busy} label="Resource pages" onPage={setPage} />
            </>
          )
        }
      </LoadState>
    </div>
  );
}
