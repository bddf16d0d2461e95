import './files.css';
import { useState } from 'preact/hooks';
import { formatBytes, openFile, thumbnailPath, type AttachedFile } from './api';
import { FileIcon } from './FileIcon';
import { useImage } from './useImage';
import { errorMessage } from '../shared/problem';
import { toast } from '../shared/toasts';

/** The files of a submitted version: a preview for images and "Open" through a fresh signed link. */
export function AttachedFiles({ files }: { files: AttachedFile[] }) {
  if (files.length === 0) return null;
  return (
    <ul class="attached-files" aria-label="Attached files" data-testid="attached-files">
      {files.map((f) => (
        <li key={f.fileId} class="attached-file" data-testid="attached-file">
          {f.hasThumbnail ? <Thumbnail fileId={f.fileId} name={f.name} /> : <FileIcon />}
          <span class="attached-name">{f.name}</span>
          <span class="muted small">{formatBytes(f.sizeBytes)}</span>
          <OpenButton fileId={f.fileId} name={f.name} />
        </li>
      ))}
    </ul>
  );
}

export function OpenButton({ fileId, name }: { fileId: string; name: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      class="btn btn-secondary btn-small"
      disabled={busy}
      aria-label={`Open ${name}`}
      data-testid="open-file"
      onClick={() => {
        setBusy(true);
        openFile(fileId)
          .catch((error) => toast.error(errorMessage(error)))
          .finally(() => setBusy(false));
      }}
    >
      {busy ? 'Opening…' : 'Open'}
    </button>
  );
}

export function Thumbnail({ fileId, name }: { fileId: string; name: string }) {
  const url = useImage(thumbnailPath(fileId));
  return url ? <img class="thumbnail" src={url} alt={`Preview of ${name}`} data-testid="thumbnail" /> : <span class="thumbnail thumbnail-empty" aria-hidden="true" />;
}
