import './files.css';
import { useState } from 'preact/hooks';
import { OpenButton, Thumbnail } from './AttachedFiles';
import { deleteFile, formatBytes, listMyFiles, type FileInfo } from './api';
import { FileIcon } from './FileIcon';
import { formatDateTime } from '../shared/format';
import { LoadState, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { Pager } from '../shared/pager';
import { errorMessage } from '../shared/problem';
import { toast } from '../shared/toasts';

const PAGE_SIZE = 20;

const purposeLabels: Record<FileInfo['purpose'], string> = { submission: 'Assignment work', resource: 'Course resource', avatar: 'Avatar' };

/** The caller's files; files that are part of a submitted version are kept as evidence and cannot be deleted. */
export function MyFilesPage() {
  const [page, setPage] = useState(1);
  const files = useLoad((signal) => listMyFiles(page, PAGE_SIZE, signal), [page]);

  const remove = async (file: FileInfo) => {
    try {
      await deleteFile(file.fileId);
      toast.success(`Deleted ${file.name}.`);
      files.retry();
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };

  return (
    <Page title="My files" testId="my-files-page" lead="Everything you have uploaded. Files in a submitted version are kept as evidence of your work.">
      <LoadState load={files} busyLabel="Loading your files…" failure="Your files could not be loaded">
        {(found) =>
          found.total === 0 ? (
            <p class="empty">You have not uploaded any files yet.</p>
          ) : (
            <>
              <ul class="file-table" aria-label="My files">
                {found.items.map((f) => (
                  <li key={f.fileId} class="file-row" data-testid="my-file">
                    {f.hasThumbnail ? <Thumbnail fileId={f.fileId} name={f.name} /> : <FileIcon />}
                    <span class="attached-name">{f.name}</span>
                    <span class="muted small">
                      {formatBytes(f.sizeBytes)} · {purposeLabels[f.purpose]} · {formatDateTime(f.uploadedAt)}
                    </span>
                    <OpenButton fileId={f.fileId} name={f.name} />
                    {f.status === 'submitted' ? (
                      <span class="badge badge-graded" title="Part of a submitted version">
                        Submitted
                      </span>
                    ) : (
                      <button type="button" class="btn btn-secondary btn-small" aria-label={`Delete ${f.name}`} data-testid="delete-file" onClick={() => remove(f)}>
                        Delete
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              <Pager page={found.page} pageSize={found.pageSize} total={found.total} busy={files.busy} label="File pages" onPage={setPage} />
            </>
          )
        }
      </LoadState>
    </Page>
  );
}
