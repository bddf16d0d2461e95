import './files.css';
import { useEffect, useState } from 'preact/hooks';
import { OpenButton, Thumbnail } from './AttachedFiles';
import { deleteFile, formatBytes, listMyFiles, type FileInfo } from './api';
import type { Page as ApiPage } from '../shared/api';
import { formatDateTime } from '../shared/format';
import { Page } from '../shared/page';
import { Pager } from '../shared/pager';
import { errorMessage } from '../shared/problem';
import { toast } from '../shared/toasts';

const PAGE_SIZE = 20;

const purposeLabels: Record<FileInfo['purpose'], string> = { submission: 'Assignment work', resource: 'Course resource', avatar: 'Avatar' };

/** The caller's files; files that are part of a submitted version are kept as evidence and cannot be deleted. */
export function MyFilesPage() {
  const [page, setPage] = useState(1);
  const [files, setFiles] = useState<ApiPage<FileInfo> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(true);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setBusy(true);
    listMyFiles(page, PAGE_SIZE, controller.signal)
      .then((found) => {
        setFiles(found);
        setError(null);
      })
      .catch((e) => {
        if (!controller.signal.aborted) setError(errorMessage(e));
      })
      .finally(() => {
        if (!controller.signal.aborted) setBusy(false);
      });
    return () => controller.abort();
  }, [page, reload]);

  const remove = async (file: FileInfo) => {
    try {
      await deleteFile(file.fileId);
      toast.success(`Deleted ${file.name}.`);
      setReload((n) => n + 1);
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };

  return (
    <Page title="My files" testId="my-files-page" lead="Everything you have uploaded. Files in a submitted version are kept as evidence of your work.">
      {error ? (
        <div class="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      {!files && busy ? (
        <p class="loading-inline" role="status">
          <span class="spinner spinner-dark" aria-hidden="true" /> Loading your files…
        </p>
      ) : null}
      {files && files.total === 0 ? <p class="empty">You have not uploaded any files yet.</p> : null}
      {files && files.total > 0 ? (
        <div aria-busy={busy ? 'true' : undefined}>
          <ul class="file-table" aria-label="My files">
            {files.items.map((f) => (
              <li key={f.fileId} class="file-row" data-testid="my-file">
                {f.hasThumbnail ? <Thumbnail fileId={f.fileId} name={f.name} /> : <span class="file-icon" aria-hidden="true">📄</span>}
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
          <Pager page={files.page} pageSize={files.pageSize} total={files.total} busy={busy} label="File pages" onPage={setPage} />
        </div>
      ) : null}
    </Page>
  );
}
