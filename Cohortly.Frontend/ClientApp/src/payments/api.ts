import { api, type Page } from '../shared/api';

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'canceled' | 'expired' | 'partially_refunded' | 'refunded';

export interface Quote {
  plan: 'full' | 'installments';
  currency: string;
  priceMinor: number;
  discountMinor: number;
  totalMinor: number;
  installments: { dueAt: string; amountMinor: number }[];
}

export type Plan = 'full' | 'installments';

export type ChargeStatus = 'scheduled' | 'processing' | 'paid' | 'failed' | 'overdue' | 'canceled';

export interface ScheduledCharge {
  dueAt: string;
  amountMinor: number;
  status: ChargeStatus;
}

export interface Checkout {
  paymentId: string;
  status: PaymentStatus;
  totalMinor: number;
  currency: string;
  checkoutUrl: string | null;
  seatHeldUntil: string;
}

export interface Payment {
  paymentId: string;
  bootcampId: string;
  bootcampTitle: string;
  userId: string;
  plan: Plan;
  status: PaymentStatus;
  priceMinor: number;
  discountMinor: number;
  totalMinor: number;
  currency: string;
  couponCode: string | null;
  failureReason: string | null;
  createdAt: string;
  seatHeldUntil: string;
  refundedMinor: number;
  refunds: Refund[];
  invoiceNumber: string | null;
  schedule: ScheduledCharge[];
  /** True while an overdue installment keeps the payer's access paused. */
  suspended: boolean;
}

export interface Refund {
  refundId: string;
  amountMinor: number;
  status: 'pending' | 'succeeded' | 'failed';
  reason: string;
  createdAt: string;
  keepEnrollment: boolean;
}

export interface Coupon {
  code: string;
  percentOff: number | null;
  amountOffMinor: number | null;
  currency: string | null;
  expiresAt: string | null;
  maxRedemptions: number | null;
  bootcampIds: string[];
  firstTimeOnly: boolean;
  redemptions: number;
  reserved: number;
  createdAt: string;
}

/** The test numbers the embedded gateway knows, as Stripe's test mode has them. */
export const testCards = [
  { number: '4242 4242 4242 4242', outcome: 'succeeds' },
  { number: '4000 0000 0000 0002', outcome: 'is declined' },
  { number: '4000 0000 0000 9995', outcome: 'has insufficient funds' },
  { number: '4000 0000 0000 0341', outcome: 'pays now but fails later installments' },
] as const;

export const getQuote = (bootcampId: string, couponCode: string | null, plan: Plan = 'full', signal?: AbortSignal) =>
  api.get<Quote>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/quote`, { query: { plan, couponCode }, signal });

export const checkout = (bootcampId: string, couponCode: string | null, plan: Plan = 'full') =>
  api.post<Checkout>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/checkout`, { plan, couponCode });

/** Everything left of an installment plan, payable at once on the returned page. */
export const payRemaining = (paymentId: string) =>
  api.post<{ checkoutUrl: string; amountMinor: number }>(`/api/payments/${encodeURIComponent(paymentId)}/pay-remaining`);

export const chargeStatusLabel: Record<ChargeStatus, string> = {
  scheduled: 'Scheduled',
  processing: 'Being charged',
  paid: 'Paid',
  failed: 'Failed, will retry',
  overdue: 'Overdue',
  canceled: 'Canceled',
};

/** What an installment plan owes now: its failed and overdue charges, or, with the balance asked for, every charge not paid yet. */
export const owedMinor = (p: Payment, balance: boolean) =>
  p.plan === 'installments' && (p.status === 'succeeded' || p.status === 'partially_refunded')
    ? p.schedule
        .filter((c) => (balance ? c.status !== 'paid' && c.status !== 'canceled' : c.status === 'failed' || c.status === 'overdue'))
        .reduce((sum, c) => sum + c.amountMinor, 0)
    : 0;

/** "3 × 300.00 USD monthly", or "200.01 USD now, then 2 × 200.00 USD monthly" when the first carries the remainder. */
export function planLabel(installments: { amountMinor: number }[], currency: string, format: (minor: number, currency: string) => string): string {
  if (installments.length === 0) return '';
  const [first, ...rest] = installments;
  const each = rest.length > 0 ? rest[0].amountMinor : first.amountMinor;
  return first.amountMinor === each
    ? `${installments.length} × ${format(each, currency)} monthly`
    : `${format(first.amountMinor, currency)} now, then ${rest.length} × ${format(each, currency)} monthly`;
}

export const getPayment = (paymentId: string, signal?: AbortSignal) => api.get<Payment>(`/api/payments/${encodeURIComponent(paymentId)}`, { signal });

export const payWithTestCard = (paymentId: string, cardNumber: string) =>
  api.post<void>(`/api/payments/${encodeURIComponent(paymentId)}/test-card`, { cardNumber });

export const myPayments = (page: number, pageSize: number, signal?: AbortSignal) =>
  api.get<Page<Payment>>('/api/me/payments', { query: { page, pageSize }, signal });

export const listCoupons = (page: number, pageSize: number, signal?: AbortSignal) =>
  api.get<Page<Coupon>>('/api/coupons', { query: { page, pageSize }, signal });

export const createCoupon = (coupon: Partial<Coupon>) => api.post<Coupon>('/api/coupons', coupon);

export const statusLabel: Record<PaymentStatus, string> = {
  pending: 'Waiting for payment',
  succeeded: 'Paid',
  failed: 'Failed',
  canceled: 'Canceled',
  expired: 'Expired',
  partially_refunded: 'Partly refunded',
  refunded: 'Refunded',
};

export const bootcampPayments = (bootcampId: string, page: number, pageSize: number, signal?: AbortSignal) =>
  api.get<Page<Payment>>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/payments`, { query: { page, pageSize }, signal });

export const refundPayment = (paymentId: string, body: { amountMinor: number | null; reason: string; keepEnrollment: boolean }) =>
  api.post<Refund>(`/api/payments/${encodeURIComponent(paymentId)}/refunds`, body);

export const invoicePath = (paymentId: string) => `/api/payments/${encodeURIComponent(paymentId)}/invoice.pdf`;

/** What is left to refund: the total less refunds made and refunds on their way. */
export const refundable = (p: Payment) =>
  p.status === 'succeeded' || p.status === 'partially_refunded'
    ? p.schedule.filter((c) => c.status === 'paid').reduce((sum, c) => sum + c.amountMinor, 0) - p.refunds.filter((r) => r.status !== 'failed').reduce((sum, r) => sum + r.amountMinor, 0)
    : 0;
