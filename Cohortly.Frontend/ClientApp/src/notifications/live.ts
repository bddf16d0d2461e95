import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel, type ILogger, type RetryContext } from '@microsoft/signalr';
import { listMentorPresence, listNotifications, type ChatMessage, type Notification, type PresenceMessage } from './api';
import { hubErrorMessage, linkLabel, notificationHref } from './describe';
import { authStore } from '../shared/auth';
import { accessTokenExpiring, getAccessToken, refreshSession, storedRefreshToken } from '../shared/session';
import { createStore, useStore } from '../shared/store';
import { eventKey, toast } from '../shared/toasts';

/**
 * The live connection: one SignalR connection to `/hubs/notifications` while someone is signed in.
 *
 * - Built when a user signs in (here or, through the storage events auth.ts follows, in another tab),
 *   stopped when they sign out; a different user gets a new connection and fresh state.
 * - Every (re)connect asks `accessTokenFactory` for a token, which refreshes through session.ts when the
 *   one in memory is expiring (or the server just refused it), so a stale token is never sent.
 * - Reconnects on its own, forever, backing off to 30 seconds. After every (re)connect it catches up from
 *   the inbox (`?since=` the newest notification seen) so nothing sent while it was away is lost, and
 *   rejoins the bootcamp rooms that are open.
 * - Notifications are deduplicated by id: the same notification can arrive live and in the catch-up.
 */

export type LiveStatus = 'off' | 'connecting' | 'connected' | 'reconnecting';

export interface LiveState {
  status: LiveStatus;
  /** The signed-in user's unread notifications (the server's count, plus what arrived live since). */
  unread: number;
}

export const liveStore = createStore<LiveState>({ status: 'off', unread: 0 });

export function useLive(): LiveState {
  return useStore(liveStore);
}

/**
 * Mentors' availability by user id: loaded when a page that shows it opens (`loadPresence`), then kept current by
 * `presence` messages. Unknown = away.
 */
export const presenceStore = createStore<Record<string, boolean>>({});

export function usePresence(userId: string): boolean {
  return useStore(presenceStore)[userId] === true;
}

/** What the server says now about a bootcamp's mentors; a `presence` message that arrives later wins, as it is newer. */
export async function loadPresence(bootcampId: string, signal?: AbortSignal): Promise<void> {
  const mentors = await listMentorPresence(bootcampId, signal);
  presenceStore.update((all) => ({ ...all, ...Object.fromEntries(mentors.map((m) => [m.userId, m.available])) }));
}

/** A mentor changed their own availability: show it at once (their `presence` message confirms it later). */
export function setOwnPresence(userId: string, available: boolean): void {
  presenceStore.update((all) => ({ ...all, [userId]: available }));
}

// ---- unread count ----

/** Other tabs of the same user hear when this one reads notifications (each tab hears new ones itself). */
const tabs = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel('cohortly-unread') : null;
if (tabs) {
  tabs.onmessage = (event: MessageEvent<{ userId: string; unread: number }>) => {
    if (session && event.data && session.userId === event.data.userId) applyUnread(event.data.unread);
  };
}

function applyUnread(count: number): void {
  const unread = Math.max(0, Math.floor(count));
  if (liveStore.get().unread !== unread) liveStore.set({ ...liveStore.get(), unread });
}

/** The inbox learned the count from the server, or marked everything read: also tells this user's other tabs. */
export function setUnread(count: number): void {
  applyUnread(count);
  if (session) tabs?.postMessage({ userId: session.userId, unread: liveStore.get().unread });
}

function adjustUnread(delta: number): void {
  applyUnread(liveStore.get().unread + delta);
}

/** The inbox marked one notification read. */
export function noteMarkedRead(): void {
  setUnread(liveStore.get().unread - 1);
}

// ---- events for pages ----

type Listener<T> = (value: T) => void;

function emitter<T>() {
  const listeners = new Set<Listener<T>>();
  return {
    on(listener: Listener<T>): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(value: T): void {
      for (const listener of [...listeners]) {
        try {
          listener(value);
        } catch (error) {
          console.error(error);
        }
      }
    },
  };
}

const notificationEvents = emitter<Notification>();
const chatEvents = emitter<ChatMessage>();
const connectedEvents = emitter<void>();
const hubMessages = emitter<{ method: string; payload: unknown }>();

/** A notification not seen before in this session (live, or found by the catch-up after a reconnect). */
export const onNotification = notificationEvents.on;
/** A chat message of a room this connection has joined. */
export const onChatMessage = chatEvents.on;
/** The connection is up again (after a start or a reconnect): time to reload what may have been missed. */
export const onConnected = connectedEvents.on;
/** Server messages of other features' methods (see `listenTo`), e.g. `analytics`. */
export const onHubMessage = hubMessages.on;

/** Methods other features listen to; each is relayed through `onHubMessage`. Call before the connection starts. */
const relayedMethods = new Set<string>();
export function listenTo(method: string): void {
  relayedMethods.add(method);
}

/** Invokes a hub method once the connection is up (waiting a little for it); rejects when offline. */
export async function invokeHub(method: string, ...args: unknown[]): Promise<void> {
  const current = await connectedSession(CONNECT_WAIT_MS);
  if (!current) throw new Error('You are offline right now.');
  await current.connection.invoke(method, ...args);
}

// ---- the session's connection ----

interface Session {
  userId: string;
  connection: HubConnection;
  stopped: boolean;
  /** Ids seen in this session (live or in the inbox), oldest first; bounded. */
  seen: Set<string>;
  /** The newest createdAt seen (kept as the server wrote it: sub-millisecond precision matters for `since`). */
  newest: { raw: string; ms: number } | null;
  /** The newest notification in the inbox at sign-in: older ones are history, never toasted. */
  floor: { raw: string; ms: number } | null;
  baselineDone: boolean;
  /** When the factory last handed out a token, and whether a connection succeeded with it. */
  tokenAt: number;
  tokenConfirmed: boolean;
  retryTimer?: number;
  /** Set when the 'online' event cut a reconnect loop short: connect again without waiting. */
  restartNow?: boolean;
  catchUp: Promise<void>;
  /**
   * Unread notifications that arrived live while a catch-up request was on its way: its answer's unread count may
   * predate them, so those it does not list are added to it rather than lost (the badge went from 1 back to 0).
   */
  liveDuringCatchUp: Set<string> | null;
}

let session: Session | null = null;
let started = false;

const SEEN_LIMIT = 1000;
/** Catch-up looks back a little before the newest notification seen, for ones that were delivered out of order. */
const CATCH_UP_OVERLAP_MS = 5_000;
/** Toasts shown one by one after a catch-up; the rest are summed up in one. */
const CATCH_UP_TOASTS = 3;
const RETRY_DELAYS_MS = [0, 2_000, 5_000, 10_000, 20_000, 30_000];

/** Failed (re)connects are expected and handled here (offline, server restarting): warnings, not errors. */
const quietLogger: ILogger = {
  log(level: LogLevel, message: string) {
    if (level >= LogLevel.Warning && level !== LogLevel.None) console.warn(`[live] ${message}`);
  },
};

function retryDelay(attempt: number): number {
  const base = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
  return base === 0 ? 0 : base + Math.floor(Math.random() * 1_000);
}

/** Starts following the auth state (once, at start-up): connects while signed in. */
export function startLive(): void {
  if (started) return;
  started = true;
  authStore.subscribe(sync);
  sync();
  // Back online: don't wait for the next scheduled try (the back-off may be at 30 s by now).
  window.addEventListener('online', () => {
    const current = session;
    if (!current || current.stopped) return;
    const state = current.connection.state;
    if (state === HubConnectionState.Disconnected && current.retryTimer !== undefined) {
      window.clearTimeout(current.retryTimer);
      current.retryTimer = undefined;
      void connect(current, 0);
    } else if (state === HubConnectionState.Reconnecting) {
      // Cancel the waiting reconnect loop; onclose starts over at once.
      current.restartNow = true;
      void current.connection.stop().catch(() => undefined);
    }
  });
}

function sync(): void {
  const auth = authStore.get();
  if (auth.status === 'signed-in') {
    if (session && session.userId === auth.user.userId && !session.stopped) return;
    endSession();
    beginSession(auth.user.userId);
  } else if (auth.status === 'signed-out') {
    endSession();
  }
  // 'loading': another tab is signing in; wait for the outcome.
}

/**
 * The connection's `accessTokenFactory`, called for every (re)connect (twice: negotiate and the socket).
 * Refreshes when the token in memory is expiring, or when the previous try with it did not connect (the
 * server may have refused it: a revoked session, a new signing key) — never hands out a stale token.
 */
async function freshAccessToken(current: Session): Promise<string> {
  const now = Date.now();
  const unconfirmed = !current.tokenConfirmed && current.tokenAt > 0 && now - current.tokenAt > 3_000;
  if ((unconfirmed || accessTokenExpiring(30)) && storedRefreshToken()) {
    const outcome = await refreshSession();
    if (outcome === 'signed-out') throw new Error('The session has ended.');
  }
  const token = getAccessToken();
  if (!token) throw new Error('Not signed in.');
  if (current.tokenConfirmed || now - current.tokenAt > 3_000) current.tokenAt = Date.now();
  current.tokenConfirmed = false;
  return token;
}

function beginSession(userId: string): void {
  const connection = new HubConnectionBuilder()
    .withUrl('/hubs/notifications', { accessTokenFactory: () => freshAccessToken(current) })
    .withAutomaticReconnect({
      // Never give up while signed in; back off to ~30 s.
      nextRetryDelayInMilliseconds: (context: RetryContext) => retryDelay(context.previousRetryCount),
    })
    .configureLogging(quietLogger)
    .build();

  const current: Session = {
    userId,
    connection,
    stopped: false,
    seen: new Set(),
    newest: null,
    floor: null,
    baselineDone: false,
    tokenAt: 0,
    tokenConfirmed: true,
    catchUp: Promise.resolve(),
    liveDuringCatchUp: null,
  };
  session = current;
  presenceStore.set({});
  joinedOnConnection.clear();
  roomStore.set({});
  liveStore.set({ status: 'connecting', unread: 0 });

  connection.on('notification', (n: Notification) => {
    if (session !== current) return;
    receive(current, n, 'live');
  });
  connection.on('chatMessage', (message: ChatMessage) => {
    if (session === current) chatEvents.emit(message);
  });
  for (const method of relayedMethods) {
    connection.on(method, (payload: unknown) => {
      if (session === current) hubMessages.emit({ method, payload });
    });
  }
  connection.on('presence', (p: PresenceMessage) => {
    if (session !== current || !p?.userId) return;
    presenceStore.update((all) => (all[p.userId] === p.available ? all : { ...all, [p.userId]: p.available }));
  });

  connection.onreconnecting(() => {
    if (session !== current) return;
    joinedOnConnection.clear();
    markRoomsJoining();
    setStatus('reconnecting');
  });
  connection.onreconnected(() => {
    if (session !== current) return;
    void afterConnected(current);
  });
  connection.onclose(() => {
    if (session !== current || current.stopped) return;
    // The server closed it for good, or reconnecting was abandoned: start over.
    joinedOnConnection.clear();
    markRoomsJoining();
    setStatus('reconnecting');
    if (current.restartNow) {
      current.restartNow = false;
      void connect(current, 0);
    } else scheduleConnect(current, 1);
  });

  void connect(current, 0);
}

function endSession(): void {
  const current = session;
  if (!current) return;
  session = null;
  current.stopped = true;
  window.clearTimeout(current.retryTimer);
  void current.connection.stop().catch(() => undefined);
  joinedOnConnection.clear();
  roomStore.set({});
  presenceStore.set({});
  liveStore.set({ status: 'off', unread: 0 });
}

function setStatus(status: LiveStatus): void {
  if (liveStore.get().status !== status) liveStore.set({ ...liveStore.get(), status });
}

function scheduleConnect(current: Session, attempt: number): void {
  window.clearTimeout(current.retryTimer);
  current.retryTimer = window.setTimeout(() => {
    current.retryTimer = undefined;
    void connect(current, attempt);
  }, retryDelay(attempt));
}

/** First connect (and restarts after a close): the unread baseline, then the socket, then the catch-up. */
async function connect(current: Session, attempt: number): Promise<void> {
  if (current.stopped || session !== current) return;
  try {
    if (!current.baselineDone) await loadBaseline(current);
    if (current.stopped) return;
    if (current.connection.state === HubConnectionState.Disconnected) await current.connection.start();
  } catch {
    // Offline, server restarting, or the session just ended (then sync() stops this session).
    if (current.stopped || session !== current) return;
    scheduleConnect(current, attempt + 1);
    return;
  }
  if (current.stopped || session !== current) {
    void current.connection.stop().catch(() => undefined);
    return;
  }
  await afterConnected(current);
}

/** The unread count and the newest notification at sign-in (`?pageSize=1`): what is already there is history. */
async function loadBaseline(current: Session): Promise<void> {
  const page = await listNotifications({ page: 1, pageSize: 1 });
  if (current.stopped) return;
  const newest = page.items[0];
  if (newest) {
    remember(current, newest.notificationId);
    const mark = stamp(newest.createdAt);
    current.floor = mark;
    current.newest = mark;
  }
  current.baselineDone = true;
  applyUnread(page.unread);
}

async function afterConnected(current: Session): Promise<void> {
  current.tokenConfirmed = true;
  joinedOnConnection.clear();
  setStatus('connected');
  rejoinRooms();
  connectedEvents.emit();
  await queueCatchUp(current);
}

function queueCatchUp(current: Session): Promise<void> {
  current.catchUp = current.catchUp.then(() => catchUp(current, 0));
  return current.catchUp;
}

/** Fetches what arrived while the socket was down (or being set up) and shows it like live notifications. */
async function catchUp(current: Session, failures: number): Promise<void> {
  if (current.stopped) return;
  const since = catchUpSince(current);
  const liveMeanwhile = new Set<string>();
  current.liveDuringCatchUp = liveMeanwhile;
  let page;
  try {
    page = await listNotifications({ since, page: 1, pageSize: 100 });
  } catch {
    current.liveDuringCatchUp = null;
    // Try again shortly while still connected: the inbox still has everything.
    if (!current.stopped && failures < 5) {
      window.setTimeout(() => {
        if (!current.stopped && current.connection.state === HubConnectionState.Connected) {
          current.catchUp = current.catchUp.then(() => catchUp(current, failures + 1));
        }
      }, 5_000);
    }
    return;
  }
  current.liveDuringCatchUp = null;
  if (current.stopped || session !== current) return;
  const fresh = page.items.filter((n) => !current.seen.has(n.notificationId)).reverse(); // oldest first
  for (const n of fresh) receive(current, n, 'catch-up', fresh.length > CATCH_UP_TOASTS && fresh.indexOf(n) < fresh.length - CATCH_UP_TOASTS);
  if (fresh.length > CATCH_UP_TOASTS) {
    const more = fresh.length - CATCH_UP_TOASTS;
    toast.info(`${more} more notification${more === 1 ? '' : 's'} arrived while you were offline — see Notifications.`);
  }
  // The same answer carries the unread count as of the items above: it replaces the running count, plus what came
  // live after the server answered (not among its items).
  const listed = new Set(page.items.map((n) => n.notificationId));
  applyUnread(page.unread + [...liveMeanwhile].filter((id) => !listed.has(id)).length);
}

function catchUpSince(current: Session): string | null {
  if (!current.newest) return current.floor?.raw ?? null;
  const overlapped = current.newest.ms - CATCH_UP_OVERLAP_MS;
  if (current.floor && current.floor.ms >= overlapped) return current.floor.raw;
  return new Date(overlapped).toISOString();
}

function receive(current: Session, n: Notification, source: 'live' | 'catch-up', quiet = false): void {
  if (!n?.notificationId || current.seen.has(n.notificationId)) return;
  // Before the sign-in baseline: history, not news (can happen only through the catch-up overlap).
  if (source === 'catch-up' && current.floor && stamp(n.createdAt).ms <= current.floor.ms) {
    remember(current, n.notificationId);
    return;
  }
  remember(current, n.notificationId);
  const mark = stamp(n.createdAt);
  if (!current.newest || mark.ms > current.newest.ms) current.newest = mark;
  if (source === 'live' && !n.read) {
    adjustUnread(1);
    current.liveDuringCatchUp?.add(n.notificationId);
  }
  notificationEvents.emit(n);
  if (!quiet) {
    const href = notificationHref(n);
    toast.notification(n.title, n.body, href ? { href, label: linkLabel(n) } : undefined, { key: eventKey(n.kind, n.bootcampId) });
  }
}

function remember(current: Session, id: string): void {
  current.seen.add(id);
  if (current.seen.size > SEEN_LIMIT) {
    const oldest = current.seen.values().next().value;
    if (oldest !== undefined) current.seen.delete(oldest);
  }
}

function stamp(raw: string): { raw: string; ms: number } {
  const ms = Date.parse(raw);
  return { raw, ms: Number.isNaN(ms) ? 0 : ms };
}

// ---- bootcamp rooms (chat and the bootcamp's live feed) ----

export type RoomStatus = 'joining' | 'joined' | 'error';

export interface RoomState {
  status: RoomStatus;
  message?: string;
}

const roomStore = createStore<Record<string, RoomState>>({});
const roomUsers = new Map<string, number>();
/** Rooms joined on the current connection (the server forgets them when the connection drops). */
const joinedOnConnection = new Set<string>();

function setRoom(bootcampId: string, state: RoomState | null): void {
  roomStore.update((all) => {
    const next = { ...all };
    if (state) next[bootcampId] = state;
    else delete next[bootcampId];
    return next;
  });
}

function markRoomsJoining(): void {
  roomStore.update((all) => Object.fromEntries(Object.keys(all).map((id) => [id, { status: 'joining' as const }])));
}

function rejoinRooms(): void {
  for (const bootcampId of roomUsers.keys()) void joinNow(bootcampId);
}

async function joinNow(bootcampId: string): Promise<void> {
  const current = session;
  if (!current || current.connection.state !== HubConnectionState.Connected) {
    setRoom(bootcampId, { status: 'joining' });
    return; // joined on (re)connect
  }
  if (joinedOnConnection.has(bootcampId)) {
    setRoom(bootcampId, { status: 'joined' });
    return;
  }
  joinedOnConnection.add(bootcampId);
  setRoom(bootcampId, { status: 'joining' });
  try {
    await current.connection.invoke('JoinBootcamp', bootcampId);
    if (session === current && roomUsers.has(bootcampId)) setRoom(bootcampId, { status: 'joined' });
  } catch (error) {
    joinedOnConnection.delete(bootcampId);
    if (session !== current || !roomUsers.has(bootcampId)) return;
    if (current.connection.state !== HubConnectionState.Connected) {
      setRoom(bootcampId, { status: 'joining' }); // dropped mid-call: rejoined on reconnect
      return;
    }
    setRoom(bootcampId, { status: 'error', message: hubErrorMessage(error, 'Could not join the bootcamp room.') });
  }
}

/**
 * Joins a bootcamp's room (`JoinBootcamp`) while the caller holds it, and again after every reconnect.
 * Returns the release function. Several components may hold the same room: one hub call per connection.
 */
export function holdRoom(bootcampId: string): () => void {
  roomUsers.set(bootcampId, (roomUsers.get(bootcampId) ?? 0) + 1);
  void joinNow(bootcampId);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const count = (roomUsers.get(bootcampId) ?? 1) - 1;
    if (count > 0) roomUsers.set(bootcampId, count);
    else {
      roomUsers.delete(bootcampId);
      setRoom(bootcampId, null);
    }
  };
}

/** Tries to join a room again after it refused (e.g. just after enrolling). */
export function retryRoom(bootcampId: string): void {
  if (roomUsers.has(bootcampId)) void joinNow(bootcampId);
}

export function useRoom(bootcampId: string): RoomState {
  return useStore(roomStore)[bootcampId] ?? { status: 'joining' };
}

/** Sends a chat message; rejects with a readable message (rate limit, not a member, offline). */
export async function sendChatMessage(bootcampId: string, text: string): Promise<void> {
  const offline = 'You are offline right now, so the message was not sent. It is still in the box: send it again once you are back online.';
  // The browser knows it is offline at once; the connection would only notice after its ~30 s server timeout.
  if (!navigator.onLine) throw new Error(offline);
  // Online but still (re)connecting, e.g. a message typed the moment the page opened: wait a little for it.
  const current = await connectedSession(CONNECT_WAIT_MS);
  if (!current) throw new Error(offline);
  let timer = 0;
  const tooSlow = new Promise<never>((_, reject) => {
    timer = window.setTimeout(
      () => reject(new Error('No answer from Cohortly, so the message may not have been sent. It is still in the box: check the conversation before sending it again.')),
      SEND_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([current.connection.invoke('SendChatMessage', bootcampId, text), tooSlow]);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('No answer from Cohortly')) throw error;
    throw new Error(hubErrorMessage(error, 'The message could not be sent. Please try again.'));
  } finally {
    window.clearTimeout(timer);
  }
}

/** A sent message is acknowledged in well under a second; this long without an answer means the connection is gone. */
const SEND_TIMEOUT_MS = 8_000;

/** How long a send waits for a connection that is still starting before calling itself offline. */
const CONNECT_WAIT_MS = 5_000;

async function connectedSession(waitMs: number): Promise<typeof session> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const current = session;
    if (current && current.connection.state === HubConnectionState.Connected) return current;
    if (!navigator.onLine || Date.now() >= deadline) return null;
    await new Promise((resolve) => window.setTimeout(resolve, 100));
  }
}
