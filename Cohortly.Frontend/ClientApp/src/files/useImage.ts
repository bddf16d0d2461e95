import { useEffect } from 'preact/hooks';
import { imageObjectUrl } from './api';
import { useLoad } from '../shared/load';

/** An API-served image as a blob: URL while the component shows it; `version` reloads it (a new avatar). */
export function useImage(path: string, version = 0): string | null {
  const image = useLoad((signal) => imageObjectUrl(path, signal), [path, version]);
  // Each blob: URL holds its image in memory until revoked: free it once a newer one replaces it or the component goes.
  useEffect(() => {
    const url = image.data;
    return url ? () => URL.revokeObjectURL(url) : undefined;
  }, [image.data]);
  // A failed read (no avatar yet) shows no image rather than the previous one.
  return image.error ? null : image.data;
}
