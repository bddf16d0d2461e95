import { api, type Page } from '../shared/api';
import { ApiError, type ProblemDetails } from '../shared/problem';
import { accessTokenExpiring, getAccessToken, refreshSession, storedRefreshToken } from '../shared/session';

export type FilePurpose = 'submission' | 'resource' | 'avatar';

export interface FileInfo {
  fileId: string;
  name: string;
  sizeBytes: number;
  contentType: string;
  sha256: string;
  purpose: FilePurpose;
  status: 'uploaded' | 'submitted';
  bootcampId: string | null;
  assignmentId: string | null;
  hasThumbnail: boolean;
  uploadedAt: string;
  ownerId: string;
}

/** A file as a submitted version lists it. */
export interface AttachedFile {
  fileId: string;
  name: string;
  sizeBytes: number;
  contentType: string;
  hasThumbnail: boolean;
}

export interface DownloadLink {
  url: string;
  expiresAt: string;
}

export interface UploadTarget {
  purpose: FilePurpose;
  assignmentId?: string;
  bootcampId?: string;
}

/**
 * POST /api/files with XMLHttpRequest, because fetch reports no upload progress. The fields go before the
 * file: the server checks them before it reads a byte of the file. A 401 refreshes the session and retries once.
 */
export async function uploadFile(file: File, target: UploadTarget, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<FileInfo> {
  if (accessTokenExpiring() && storedRefreshToken()) await refreshSession();
  try {
    return await send(file, target, onProgress, signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && storedRefreshToken() && (await refreshSession()) === 'refreshed') {
      return send(file, target, onProgress, signal);
    }
    throw error;
  }
}

function send(file: File, target: UploadTarget, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<FileInfo> {
  return new Promise<FileInfo>((resolve, reject) => {
    const form = new FormData();
    form.append('purpose', target.purpose);
    if (target.assignmentId) form.append('assignmentId', target.assignmentId);
    if (target.bootcampId) form.append('bootcampId', target.bootcampId);
    form.append('file', file, file.name);

    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/files');
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    const token = getAccessToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        /* not JSON */
      }
      if (xhr.status === 201) {
        onProgress(1);
        resolve(body as FileInfo);
      } else {
        reject(new ApiError(xhr.status, { status: xhr.status, title: xhr.statusText, ...((body ?? {}) as ProblemDetails) }));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, { title: 'The upload could not reach the server.' }));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

export function downloadUrl(fileId: string, variant: 'content' | 'thumbnail' = 'content', signal?: AbortSignal): Promise<DownloadLink> {
  return api.get<DownloadLink>(`/api/files/${encodeURIComponent(fileId)}/download-url`, { query: { variant }, signal });
}

/** Asks for a fresh signed link and follows it; the server sends the file as a download. */
export async function openFile(fileId: string): Promise<void> {
  const link = await downloadUrl(fileId);
  window.location.assign(link.url);
}

export function listMyFiles(page: number, pageSize: number, signal?: AbortSignal): Promise<Page<FileInfo>> {
  return api.get<Page<FileInfo>>('/api/me/files', { query: { page, pageSize }, signal });
}

export function listResources(bootcampId: string, page: number, pageSize: number, signal?: AbortSignal): Promise<Page<FileInfo>> {
  return api.get<Page<FileInfo>>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/resources`, { query: { page, pageSize }, signal });
}

export function deleteFile(fileId: string): Promise<void> {
  return api.delete<void>(`/api/files/${encodeURIComponent(fileId)}`);
}

/**
 * An image the API serves (a preview, an avatar) as a blob: URL for an <img>. Fetched with the session's token,
 * so it works whatever the store (a presigned link to another origin would be blocked by the page's content policy).
 * The caller revokes the URL when the image goes away. Null when there is no such image.
 */
export async function imageObjectUrl(path: string, signal?: AbortSignal): Promise<string | null> {
  if (accessTokenExpiring() && storedRefreshToken()) await refreshSession();
  const token = getAccessToken();
  const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal, credentials: 'same-origin' });
  if (!response.ok) return null;
  return URL.createObjectURL(await response.blob());
}

export const thumbnailPath = (fileId: string) => `/api/files/${encodeURIComponent(fileId)}/thumbnail`;

/** The caller's avatar file id, or null: asked first so a page never requests an image that is not there. */
export async function getMyAvatarId(signal?: AbortSignal): Promise<string | null> {
  return (await api.get<{ fileId: string | null }>('/api/me/avatar', { signal })).fileId ?? null;
}

export const avatarPath = (userId: string) => `/api/users/${encodeURIComponent(userId)}/avatar/image`;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}
