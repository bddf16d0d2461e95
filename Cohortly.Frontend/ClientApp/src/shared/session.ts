import { ApiError, networkProblem, parseRetryAfter, type ProblemDetails } from './problem';
import { peekRefreshToken, readRefreshToken, writeRefreshToken } from './tokenStore';

export { REFRESH_TOKEN_KEY } from './tokenStore';

/**
 * The token pair. The access token lives only in memory; the refresh token lives in localStorage
 * (mirrored to IndexedDB, see tokenStore.ts) so a reload keeps the session. Refresh tokens rotate and a
 * reused one revokes the whole session, so every read-refresh-write of the refresh token happens under
 * one cross-tab Web Lock, and the token is re-read inside the lock (another tab may have rotated it).
 */
const LOCK_NAME = 'cohortly-refresh';

export interface TokenPair {
  userId: string;
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export type RefreshOutcome = 'refreshed' | 'signed-out' | 'unavailable';

let accessToken: string | null = null;
let accessExpiresAt = 0;
let refreshTimer: number | undefined;
let inFlight: Promise<RefreshOutcome> | null = null;

const lostListeners = new Set<() => void>();

/** Called when the session ends without this tab asking (revoked, expired, or logged out elsewhere). */
export function onSessionLost(listener: () => void): () => void {
  lostListeners.add(listener);
  return () => lostListeners.delete(listener);
}

export function getAccessToken(): string | null {
  return accessToken;
}

/** Whether this browser seems to hold a session (a quick hint; the lock holder reads the real value). */
export function storedRefreshToken(): string | null {
  return peekRefreshToken();
}

/** Runs fn while holding the cross-tab refresh lock (falls back to no lock where Web Locks are missing). */
export function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (locks?.request) return locks.request(LOCK_NAME, { mode: 'exclusive' }, fn) as Promise<T>;
  return fn();
}

/**
 * The access token is also kept in this tab's sessionStorage, so opening another page or reloading needs no refresh
 * while it is valid. Refreshing on every page load had a hole: a page left while its refresh was in flight never
 * stored the rotated token, so the next page's refresh sent the old one, which the server must treat as reuse and
 * answer by revoking the session (seen as a sign-out when pages were opened in quick succession under load). It
 * exposes nothing new: the refresh token, worth far more, is already in localStorage.
 */
const ACCESS_KEY = 'cohortly.access';

function setAccess(pair: TokenPair): void {
  accessToken = pair.accessToken;
  const lifetime = Math.max(1, Number(pair.expiresIn) || 0);
  accessExpiresAt = Date.now() + lifetime * 1000;
  try {
    sessionStorage.setItem(ACCESS_KEY, JSON.stringify({ accessToken, accessExpiresAt }));
  } catch {
    /* storage refused (private mode, quota): the next page load refreshes instead */
  }
  scheduleRefresh(lifetime);
}

/** Adopts the access token an earlier page of this tab stored, when it still has a while to live. */
function restoreAccess(): void {
  try {
    const saved = JSON.parse(sessionStorage.getItem(ACCESS_KEY) ?? 'null') as { accessToken?: unknown; accessExpiresAt?: unknown } | null;
    if (typeof saved?.accessToken !== 'string' || typeof saved.accessExpiresAt !== 'number') return;
    const remainingSeconds = (saved.accessExpiresAt - Date.now()) / 1000;
    if (remainingSeconds < 30 || !peekRefreshToken()) return;
    accessToken = saved.accessToken;
    accessExpiresAt = saved.accessExpiresAt;
    scheduleRefresh(remainingSeconds);
  } catch {
    /* unreadable: refresh as usual */
  }
}

function scheduleRefresh(lifetimeSeconds: number): void {
  window.clearTimeout(refreshTimer);
  // Refresh shortly before expiry: a minute early for long-lived tokens, a fifth early for short ones.
  const margin = Math.min(60, lifetimeSeconds / 5);
  const delayMs = Math.max(1, lifetimeSeconds - margin) * 1000;
  refreshTimer = window.setTimeout(() => void proactiveRefresh(), delayMs);
}

async function proactiveRefresh(): Promise<void> {
  const outcome = await refreshSession();
  // Server unreachable: try again in a while (a request's 401 would also trigger a refresh).
  if (outcome === 'unavailable' && accessToken) refreshTimer = window.setTimeout(() => void proactiveRefresh(), 30_000);
}

/** Forgets the tokens in this tab (memory only). */
function dropAccess(): void {
  accessToken = null;
  accessExpiresAt = 0;
  window.clearTimeout(refreshTimer);
  forgetStoredAccess();
}

function forgetStoredAccess(): void {
  try {
    sessionStorage.removeItem(ACCESS_KEY);
  } catch {
    /* nothing stored */
  }
}

/** Adopts a fresh pair from login/register. */
export async function adoptTokens(pair: TokenPair): Promise<void> {
  await withRefreshLock(() => writeRefreshToken(pair.refreshToken));
  setAccess(pair);
}

/** True when the access token is missing or expires within `withinSeconds`. */
export function accessTokenExpiring(withinSeconds = 0): boolean {
  return !accessToken || Date.now() + withinSeconds * 1000 >= accessExpiresAt;
}

/**
 * Exchanges the stored refresh token for a new pair. One refresh at a time per tab (callers share it)
 * and across tabs (Web Lock). Returns 'signed-out' when there is no usable session any more, and
 * 'unavailable' when the server could not be reached (the stored token is kept for a later try).
 */
export function refreshSession(): Promise<RefreshOutcome> {
  inFlight ??= withRefreshLock(refreshUnderLock).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function refreshUnderLock(): Promise<RefreshOutcome> {
  const token = await readRefreshToken(); // re-read inside the lock: another tab may have rotated it
  if (!token) {
    loseSession();
    return 'signed-out';
  }
  let response: Response;
  try {
    response = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
      body: JSON.stringify({ refreshToken: token }),
      credentials: 'same-origin',
    });
  } catch {
    return 'unavailable';
  }
  if (response.ok) {
    const pair = (await response.json()) as TokenPair;
    await writeRefreshToken(pair.refreshToken); // before the lock is released
    setAccess(pair);
    return 'refreshed';
  }
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    await writeRefreshToken(null);
    loseSession();
    return 'signed-out';
  }
  return 'unavailable';
}

function loseSession(): void {
  const hadSession = accessToken !== null;
  dropAccess();
  if (hadSession) for (const listener of [...lostListeners]) listener();
}

/**
 * Ends the session: the refresh token is taken out of storage under the lock (so no tab can still
 * use it), then revoked on the server. Local state is cleared even when the server can't be reached.
 */
export async function endSession(): Promise<void> {
  if (storedRefreshToken() && accessTokenExpiring(15)) await refreshSession(); // logout needs a live Bearer
  forgetStoredAccess(); // at once: a page opened while the logout runs must not adopt this tab's token
  const token = await withRefreshLock(async () => {
    const current = await readRefreshToken();
    await writeRefreshToken(null);
    return current;
  });
  const bearer = accessToken;
  dropAccess();
  if (!token) return;
  try {
    await fetch('/api/auth/logout', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify({ refreshToken: token }),
      credentials: 'same-origin',
    });
  } catch {
    /* offline: the token is gone from this browser; the server expires it eventually */
  }
}

/** Another tab logged out: forget this tab's access token too. */
export function forgetLocalSession(): void {
  dropAccess();
}

/** Builds an ApiError from a failed response. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let problem: ProblemDetails = { status: response.status, title: response.statusText || undefined };
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      problem = { ...problem, ...((await response.json()) as ProblemDetails) };
    } catch {
      /* not JSON after all */
    }
  }
  return new ApiError(response.status, problem, parseRetryAfter(response.headers.get('Retry-After')));
}

export function networkError(): ApiError {
  return new ApiError(0, networkProblem);
}

// Timers are throttled in background tabs: catch up when the tab becomes visible again.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && accessToken && accessTokenExpiring(30)) void refreshSession();
});

restoreAccess();
