import { useEffect } from 'preact/hooks';
import { listMyBootcamps, type MemberRole, type MyBootcamp } from './api';
import { authStore, useAuth } from '../shared/auth';
import { createStore, useStore } from '../shared/store';

/**
 * The signed-in user's bootcamps (`GET /api/me/bootcamps`): the one place the web app learns the
 * caller's role in a bootcamp (student, mentor, instructor). Loaded once per user and refreshed after
 * anything that changes it (enrolling, withdrawing, creating a bootcamp).
 */
export interface MembershipState {
  userId: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: MyBootcamp[];
}

const membershipStore = createStore<MembershipState>({ userId: null, status: 'idle', items: [] });
let inFlight: { userId: string; promise: Promise<void> } | null = null;

export function refreshMemberships(): Promise<void> {
  const auth = authStore.get();
  if (auth.status !== 'signed-in') {
    membershipStore.set({ userId: null, status: 'idle', items: [] });
    return Promise.resolve();
  }
  const userId = auth.user.userId;
  if (inFlight && inFlight.userId === userId) return inFlight.promise;
  const current = membershipStore.get();
  membershipStore.set({ userId, status: 'loading', items: current.userId === userId ? current.items : [] });
  const promise = listMyBootcamps()
    .then((page) => {
      if (authStore.get().status === 'signed-in') membershipStore.set({ userId, status: 'ready', items: page.items });
    })
    .catch(() => {
      membershipStore.set({ userId, status: 'error', items: [] });
    })
    .finally(() => {
      if (inFlight?.promise === promise) inFlight = null;
    });
  inFlight = { userId, promise };
  return promise;
}

/** The memberships of the signed-in user, loading them when needed. */
export function useMemberships(): MembershipState & { signedIn: boolean } {
  const auth = useAuth();
  const state = useStore(membershipStore);
  const userId = auth.status === 'signed-in' ? auth.user.userId : null;
  useEffect(() => {
    if (userId && (state.userId !== userId || state.status === 'idle')) void refreshMemberships();
    if (!userId && auth.status === 'signed-out' && state.userId !== null) membershipStore.set({ userId: null, status: 'idle', items: [] });
  }, [userId, auth.status, state.userId, state.status]);
  const current = state.userId === userId ? state : { userId, status: userId ? ('loading' as const) : ('idle' as const), items: [] };
  return { ...current, signedIn: userId !== null };
}

export interface BootcampMembership {
  /** True until both the session and the memberships are known. */
  loading: boolean;
  role: MemberRole | null;
  membership: MyBootcamp | null;
}

/** The caller's role in one bootcamp (null: not a member, or signed out). */
export function useBootcampRole(bootcampId: string | null | undefined): BootcampMembership {
  const auth = useAuth();
  const state = useMemberships();
  if (auth.status === 'loading') return { loading: true, role: null, membership: null };
  if (auth.status === 'signed-out' || !bootcampId) return { loading: false, role: null, membership: null };
  if (state.status === 'loading' && state.items.length === 0) return { loading: true, role: null, membership: null };
  const membership = state.items.find((m) => m.bootcampId === bootcampId) ?? null;
  return { loading: false, role: membership?.role ?? null, membership };
}
