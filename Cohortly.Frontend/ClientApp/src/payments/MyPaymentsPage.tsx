import { useState } from 'preact/hooks';
import { invoicePath, myPayments, statusLabel, type Payment } from './api';
import { downloadAuthorized } from '../certificates/api';
import { formatDateTime, formatPrice } from '../shared/format';
import { LoadState, ProgressLine, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { Pager } from '../shared/pager';
import { errorMessage } from '../shared/problem';
import { Link } from '../shared/router';
import { toast } from '../shared/toasts';
import { Schedule } from './PayPage';
import './payments.css';

const PAGE_SIZE = 20;

/** The signed-in user's payments, newest first, each with its outcome in words. */
export function MyPaymentsPage() {
  const [page, setPage] = useState(1);
  const payments = useLoad((signal) => myPayments(page, PAGE_SIZE, signal), [page]);
  const [downloading, setDownloading] = useState<string | null>(null);
  const download = async (p: Payment) => {
    setDownloading(p.paymentId);
    try {
      await downloadAuthorized(invoicePath(p.paymentId), `invoice-${p.invoiceNumber ?? p.paymentId}.pdf`);
    } catch (e) {
      toast.error(`The invoice could not be downloaded: ${errorMessage(e)}`);
    } finally {
      setDownloading(null);
    }
  };
  return (
    <Page title="My payments" heading="My payments" width="wide" testId="my-payments-page">
      <LoadState load={payments} busyLabel="Loading your payments…" failure="Your payments could not be loaded">
        {(result) =>
          result.items.length === 0 ? (
            <p class="muted" data-testid="payments-empty">
              No payments yet. Paid bootcamps in the <Link href="/bootcamps">catalog</Link> take you through checkout.
            </p>
          ) : (
            <>
              <div class="table-wrap" tabIndex={0} role="region" aria-label="My payments">
                <table class="table table-stack" data-testid="payments-table">
                  <thead>
                    <tr>
                      <th scope="col">Bootcamp</th>
                      <th scope="col">Total</th>
                      <th scope="col">Status</th>
                      <th scope="col">Date</th>
                      <th scope="col">Invoice</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.items.map((p) => (
                      <tr key={p.paymentId} data-testid="payment-row">
                        <td data-label="Bootcamp">
                          <Link href={`/bootcamps/${encodeURIComponent(p.bootcampId)}`}>{p.bootcampTitle}</Link>
                        </td>
                        <td data-label="Total">
                          {formatPrice(p.totalMinor, p.currency)}
                          {p.couponCode ? <span class="muted small"> (coupon {p.couponCode})</span> : null}
                          {p.plan === 'installments' ? <span class="muted small"> in {p.schedule.length} installments</span> : null}
                        </td>
                        <td data-label="Status">
                          {p.status === 'pending' ? <Link href={`/pay/${encodeURIComponent(p.paymentId)}`}>{statusLabel[p.status]}</Link> : statusLabel[p.status]}
                          {p.failureReason ? <span class="muted small"> — {p.failureReason}</span> : null}
                          {p.plan === 'installments' ? <Schedule payment={p} /> : null}
                          {p.schedule.some((c) => c.status === 'failed' || c.status === 'overdue') ? (
                            <Link href={`/pay/${encodeURIComponent(p.paymentId)}`} data-testid="pay-owed-link"> Update your card and pay what is due</Link>
                          ) : null}
                          {p.refunds.some((r) => r.status === 'succeeded') ? (
                            <ul class="payment-refunds small" aria-label="Refunds" data-testid="payment-refunds">
                              {p.refunds.filter((r) => r.status === 'succeeded').map((r) => (
                                <li key={r.refundId}>{formatPrice(r.amountMinor, p.currency)} refunded on {formatDateTime(r.createdAt)}: {r.reason}</li>
                              ))}
                            </ul>
                          ) : null}
                        </td>
                        <td data-label="Date">{formatDateTime(p.createdAt)}</td>
                        <td data-label="Invoice">
                          {p.invoiceNumber ? (
                            <button type="button" class="btn btn-secondary btn-small" disabled={downloading !== null} onClick={() => download(p)}
                              aria-label={`Download invoice ${p.invoiceNumber}`} data-testid="download-invoice">
                              Invoice
                            </button>
                          ) : <span class="muted">—</span>}
                          {downloading === p.paymentId ? <ProgressLine label="Preparing the invoice…" /> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager page={page} pageSize={PAGE_SIZE} total={result.total} onPage={setPage} busy={payments.busy} label="Payments pages" />
            </>
          )
        }
      </LoadState>
    </Page>
  );
}
