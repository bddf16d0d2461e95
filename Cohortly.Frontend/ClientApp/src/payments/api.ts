import { api, type Page } from '../shared/api';

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'canceled' | 'expired' | 'partially_refunded' | 'refunded';

export interface Quote {
  plan: 'full' | 'installments';
  currency: string;
  priceMinor: number;
  discountMinor: number;
  totalMinor: number;
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
] as const;

export const getQuote = (bootcampId: string, couponCode: string | null, signal?: AbortSignal) =>
  api.get<Quote>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/quote`, { query: { plan: 'full', couponCode }, signal });

export const checkout = (bootcampId: string, couponCode: string | null) =>
  api.post<Checkout>(`/api/bootcamps/${encodeURIComponent(bootcampId)}/checkout`, { plan: 'full', couponCode });

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
    ? p.totalMinor - p.refunds.filter((r) => r.status !== 'failed').reduce((sum, r) => sum + r.amountMinor, 0)
    : 0;
