import { api, isApiError } from '../shared/api';

export type SubscriptionPlan = 'monthly' | 'yearly';
export type SubscriptionStatus = 'pending' | 'active' | 'past_due' | 'canceled';

export interface PlanPrice {
  plan: SubscriptionPlan;
  priceMinor: number;
  currency: string;
}

export interface Subscription {
  subscriptionId: string;
  plan: SubscriptionPlan;
  status: SubscriptionStatus;
  priceMinor: number;
  currency: string;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: string | null;
  checkoutUrl: string | null;
  createdAt: string;
  endedAt: string | null;
  accessSuspended: boolean;
  failureReason: string | null;
}

export const subscriptionPlans = (signal?: AbortSignal) => api.get<PlanPrice[]>('/api/subscriptions/plans', { signal });

/** The caller's current subscription, or null when they never subscribed. */
export async function mySubscription(signal?: AbortSignal): Promise<Subscription | null> {
  try {
    return await api.get<Subscription>('/api/me/subscription', { signal });
  } catch (error) {
    if (isApiError(error, 404)) return null;
    throw error;
  }
}

export const getSubscription = (id: string, signal?: AbortSignal) => api.get<Subscription>(`/api/subscriptions/${encodeURIComponent(id)}`, { signal });

export const subscribe = (plan: SubscriptionPlan) =>
  api.post<{ subscriptionId: string; status: SubscriptionStatus; checkoutUrl: string | null }>('/api/subscriptions', { plan });

export const cancelAtPeriodEnd = (id: string) => api.delete<void>(`/api/subscriptions/${encodeURIComponent(id)}`);

export const keepRenewing = (id: string) => api.post<Subscription>(`/api/subscriptions/${encodeURIComponent(id)}/renewal`);

export const subscribeWithTestCard = (id: string, cardNumber: string) =>
  api.post<void>(`/api/subscriptions/${encodeURIComponent(id)}/test-card`, { cardNumber });

export const changeTestCard = (id: string, cardNumber: string) =>
  api.put<void>(`/api/subscriptions/${encodeURIComponent(id)}/test-card`, { cardNumber });

export const openBillingPortal = () => api.post<{ url: string }>('/api/me/billing-portal');

/** Paid up, or inside the grace of a failed renewal: included bootcamps are open. */
export const grantsAccess = (s: Subscription | null) => s !== null && (s.status === 'active' || s.status === 'past_due') && !s.accessSuspended;

export const subscriptionStatusLabel: Record<SubscriptionStatus, string> = {
  pending: 'Waiting for payment',
  active: 'Active',
  past_due: 'Renewal payment failed',
  canceled: 'Ended',
};

/** Our own pages are reached in the app; Stripe's (checkout, customer portal) by leaving it. */
export function go(url: string, navigate: (to: string) => void) {
  if (url.startsWith('/')) navigate(url);
  else window.location.assign(url);
}
