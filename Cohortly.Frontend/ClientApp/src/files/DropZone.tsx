import './files.css';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { formatBytes, uploadFile, type FileInfo, type UploadTarget } from './api';
import { errorMessage } from '../shared/problem';

interface Upload {
  key: number;
  name: string;
  size: number;
  progress: number;
  file: FileInfo | null;
  error: string | null;
  controller: AbortController;
}

/**
 * Drop files here or pick them: each starts uploading at once with its own progress bar. The parent hears the
 * files that finished (onChange), e.g. to submit their ids. `resetKey` clears the list after a submission.
 */
export function DropZone(props: {
  target: UploadTarget;
  accept?: string[];
  maxBytes?: number;
  multiple?: boolean;
  disabled?: boolean;
  label: string;
  hint?: string;
  resetKey?: number;
  onChange?: (files: FileInfo[]) => void;
  /** Whether any upload is still running (a form waits for them before it submits). */
  onBusy?: (busy: boolean) => void;
  onUploaded?: (file: FileInfo) => void;
}) {
  const inputId = useId();
  const hintId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const nextKey = useRef(0);

  useEffect(() => {
    setUploads((current) => {
      current.forEach((u) => u.controller.abort());
      return [];
    });
  }, [props.resetKey]);

  useEffect(() => {
    props.onChange?.(uploads.flatMap((u) => (u.file ? [u.file] : [])));
    props.onBusy?.(uploads.some((u) => !u.file && !u.error));
  }, [uploads]);

  const update = (key: number, change: Partial<Upload>) => setUploads((current) => current.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const start = (files: FileList | File[]) => {
    const chosen = Array.from(files).slice(0, props.multiple === false ? 1 : 20);
    for (const file of chosen) {
      const key = nextKey.current++;
      const controller = new AbortController();
      const tooBig = props.maxBytes !== undefined && file.size > props.maxBytes;
      const upload: Upload = { key, name: file.name, size: file.size, progress: 0, file: null, error: tooBig ? `Larger than the ${formatBytes(props.maxBytes!)} limit.` : null, controller };
      setUploads((current) => (props.multiple === false ? [upload] : [...current, upload]));
      if (tooBig) continue;
      uploadFile(file, props.target, (progress) => update(key, { progress }), controller.signal)
        .then((info) => {
          update(key, { file: info, progress: 1 });
          props.onUploaded?.(info);
        })
        .catch((error: unknown) => {
          if (!controller.signal.aborted) update(key, { error: errorMessage(error) });
        });
    }
  };

  const remove = (key: number) =>
    setUploads((current) => {
      current.find((u) => u.key === key)?.controller.abort();
      return current.filter((u) => u.key !== key);
    });

  return (
    <div class="drop-zone-field">
      <div
        class={`drop-zone${dragging ? ' is-dragging' : ''}${props.disabled ? ' is-disabled' : ''}`}
        data-testid="drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          if (!props.disabled) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          if (!props.disabled && event.dataTransfer?.files.length) start(event.dataTransfer.files);
        }}
      >
        <input
          ref={inputRef}
          id={inputId}
          type="file"
          class="visually-hidden"
          multiple={props.multiple !== false}
          accept={props.accept && props.accept.length > 0 ? props.accept.join(',') : undefined}
          disabled={props.disabled}
          aria-describedby={hintId}
          data-testid="file-input"
          onChange={(event) => {
            const input = event.currentTarget as HTMLInputElement;
            if (input.files?.length) start(input.files);
            input.value = '';
          }}
        />
        <label for={inputId} class="drop-zone-label">
          <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false">
            <path d="M10 13V3.5M6 7.25 10 3.25l4 4M3.5 13.5v2.25c0 .7.55 1.25 1.25 1.25h10.5c.7 0 1.25-.55 1.25-1.25V13.5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
          </svg>
          {props.label}
        </label>
        <p id={hintId} class="muted small">
          Drag files here or choose them; each chosen file is listed below with its progress. {props.hint ?? ''}
        </p>
      </div>
      {uploads.length > 0 ? (
        <ul class="upload-list" aria-label="Uploads">
          {uploads.map((u) => (
            <li key={u.key} class="upload-item" data-testid="upload-item" data-state={u.error ? 'failed' : u.file ? 'done' : 'uploading'}>
              <span class="upload-name">{u.name}</span>
              <span class="muted small">{formatBytes(u.size)}</span>
              {u.error ? (
                <span class="upload-error" role="alert">
                  {u.error}
                </span>
              ) : (
                <progress max={1} value={u.progress} aria-label={`Uploading ${u.name}`} data-testid="upload-progress" />
              )}
              {u.file ? <span class="badge badge-ontime">Uploaded</span> : null}
              <button type="button" class="btn btn-secondary btn-small" onClick={() => remove(u.key)} aria-label={`Remove ${u.name}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
