import { accessTokenExpiring, errorFromResponse, getAccessToken, networkError, refreshSession, storedRefreshToken } from '../shared/session';

/**
 * Downloads a report file with the signed-in token, reporting the bytes received as they arrive (a CSV streams for as long
 * as the report runs), then hands it to the browser under `fileName`.
 */
export async function downloadReport(url: string, fileName: string, onProgress: (bytes: number) => void, signal: AbortSignal): Promise<void> {
  if (accessTokenExpiring() && storedRefreshToken()) await refreshSession();
  let response: Response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${getAccessToken() ?? ''}` }, signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkError();
  }
  if (!response.ok) throw await errorFromResponse(response);
  const parts: BlobPart[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      received += value.byteLength;
      onProgress(received);
    }
  } else {
    parts.push(await response.blob());
  }
  const href = URL.createObjectURL(new Blob(parts, { type: response.headers.get('Content-Type') ?? 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
