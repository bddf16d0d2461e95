import { useEffect, useState } from 'preact/hooks';
import { imageObjectUrl } from './api';

/** An API-served image as a blob: URL while the component shows it; `version` reloads it (a new avatar). */
export function useImage(path: string, version = 0): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    let created: string | null = null;
    imageObjectUrl(path, controller.signal)
      .then((objectUrl) => {
        created = objectUrl;
        setUrl(objectUrl);
      })
      .catch(() => setUrl(null));
    return () => {
      controller.abort();
      if (created) URL.revokeObjectURL(created);
    };
  }, [path, version]);
  return url;
}
