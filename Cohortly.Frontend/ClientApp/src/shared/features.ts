import { api } from './api';
import { createStore, useStore } from './store';

/** Feature flags from `GET /api/features`: pages and nav entries of a switched-off feature are hidden. */
export interface FeatureState {
  status: 'loading' | 'ready';
  flags: Record<string, boolean>;
}

export const featureStore = createStore<FeatureState>({ status: 'loading', flags: {} });

export function useFeatures(): FeatureState {
  return useStore(featureStore);
}

/** A feature is on only when the server says so; unknown or unloaded flags count as off. */
export function isFeatureOn(state: FeatureState, feature: string | undefined): boolean {
  return !feature || state.flags[feature] === true;
}

export async function loadFeatures(): Promise<void> {
  try {
    const result = await api.get<{ features?: Record<string, boolean> }>('/api/features', { auth: false });
    featureStore.set({ status: 'ready', flags: result?.features ?? {} });
  } catch {
    // Without an answer every flagged feature stays hidden; unflagged pages work as usual.
    featureStore.set({ status: 'ready', flags: {} });
  }
}
