import { api } from './api';
import { isApiError } from './api';
import {
  REFRESH_TOKEN_KEY,
  accessTokenExpiring,
  adoptTokens,
  endSession,
  forgetLocalSession,
  onSessionLost,
  refreshSession,
  storedRefreshToken,
  type TokenPair,
} from './session';
import { createStore, useStore } from './store';
import { toast } from './toasts';

export type Role = 'student' | 'instructor' | 'mentor' | 'admin';
export const ALL_ROLES: readonly Role[] = ['student', 'instructor', 'mentor', 'admin'];

export interface Me {
  userId: string;
  email: string;
  displayName: string;
  roles: Role[];
}

export type AuthState =
  | { status: 'loading'; user: null }
  | { status: 'signed-out'; user: null }
  | { status: 'signed-in'; user: Me };

export const authStore = createStore<AuthState>({ status: 'loading', user: null });

export function useAuth(): AuthState {
  return useStore(authStore);
}

export function hasRole(state: AuthState, role: Role): boolean {
  return state.status === 'signed-in' && state.user.roles.includes(role);
}

const signedOut: AuthState = { status: 'signed-out', user: null };

async function loadMe(): Promise<Me> {
  return api.get<Me>('/api/me');
}

/** Restores the session from the stored refresh token (on start, or when another tab signs in). */
export async function restoreSession(): Promise<void> {
  if (!storedRefreshToken()) {
    authStore.set(signedOut);
    return;
  }
  // A page opened in a tab that still holds a live access token (session.ts keeps it per tab) needs no refresh;
  // if the server no longer takes it, loading the account refreshes once like any other request.
  const outcome = accessTokenExpiring(30) ? await refreshSession() : 'refreshed';
  if (outcome === 'refreshed') {
    try {
      const user = await loadMe();
      authStore.set({ status: 'signed-in', user });
      return;
    } catch (error) {
      if (!isApiError(error, 401)) toast.error('Your account could not be loaded. Please reload the page.');
    }
  } else if (outcome === 'unavailable') {
    toast.error('Cohortly could not be reached, so you are shown as signed out. Reload the page to try again.');
  }
  authStore.set(signedOut);
}

async function signIn(pair: TokenPair): Promise<Me> {
  await adoptTokens(pair);
  const user = await loadMe();
  authStore.set({ status: 'signed-in', user });
  return user;
}

export async function login(email: string, password: string): Promise<Me> {
  const pair = await api.post<TokenPair>('/api/auth/login', { email, password }, { auth: false });
  return signIn(pair);
}

export async function register(email: string, password: string, displayName: string): Promise<Me> {
  const pair = await api.post<TokenPair>('/api/auth/register', { email, password, displayName }, { auth: false });
  return signIn(pair);
}

export async function logout(): Promise<void> {
  await endSession();
  authStore.set(signedOut);
}

/** Re-reads /api/me (e.g. after an admin changed their own roles). */
export async function reloadMe(): Promise<Me | null> {
  try {
    const user = await loadMe();
    authStore.set({ status: 'signed-in', user });
    return user;
  } catch (error) {
    if (isApiError(error, 401)) authStore.set(signedOut);
    throw error;
  }
}

/** Wires session-loss and cross-tab events, then restores the session. Called once at start-up. */
export function startAuth(): void {
  onSessionLost(() => {
    if (authStore.get().status === 'signed-in') toast.info('Your session has ended. Please log in again.');
    authStore.set(signedOut);
  });

  // Follow logins and logouts in other tabs. (Rotations — old and new value both set — need nothing:
  // this tab re-reads the token under the lock whenever it refreshes.)
  window.addEventListener('storage', (event) => {
    if (event.key !== REFRESH_TOKEN_KEY && event.key !== null) return;
    const value = event.key === null ? storedRefreshToken() : event.newValue;
    if (!value) {
      if (authStore.get().status !== 'signed-out') {
        forgetLocalSession();
        authStore.set(signedOut);
        toast.info('You were logged out in another tab.');
      }
    } else if (event.oldValue === null && authStore.get().status === 'signed-out') {
      authStore.set({ status: 'loading', user: null });
      void restoreSession();
    }
  });

  void restoreSession();
}
