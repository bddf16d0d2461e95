import { api } from '../shared/api';

/** One card of `GET /api/me/home`: `data` has the shape its `kind` names; `error` is set (and `data` null) when it failed. */
export interface HomeCardData {
  kind: string;
  data: unknown;
  error: string | null;
}

export interface Home {
  cards: HomeCardData[];
}

export function getHome(signal?: AbortSignal): Promise<Home> {
  return api.get<Home>('/api/me/home', { signal });
}
