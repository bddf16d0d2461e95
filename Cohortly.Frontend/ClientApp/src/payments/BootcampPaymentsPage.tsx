import { useState } from 'preact/hooks';
import { bootcampPayments, refundable, refundPayment, statusLabel, type Payment } from './api';
import { ConfirmBox } from '../shared/confirm';
import { formatDateTime, formatPrice, fromMinorUnits, toMinorUnits } from '../shared/format';
import { Field, FormAlert } from '../shared/forms';
import { LoadState, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { Pager } from '../shared/pager';
import { ApiError, errorMessage } from '../shared/problem';
import { Link } from '../shared/router';
import { toast } from '../shared/toasts';
import type { PageProps } from '../routes';
import './payments.css';

const PAGE_SIZE = 20;

/** Admin: every payment of one bootcamp, newest first, with a refund form on each paid one. */
export function BootcampPaymentsPage({ params }: PageProps) {
  const bootcampId = params.bootcampId;
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const payments = useLoad((signal) => bootcampPayments(bootcampId, page, PAGE_SIZE, signal), [bootcampId, page]);
  return (
    <Page title="Bootcamp payments" heading="Payments" width="wide" testId="bootcamp-payments-page"
      lead={<>Every payment for <Link href={`/bootcamps/${encodeURIComponent(bootcampId)}`}>this bootcamp</Link>, newest first. A full refund withdraws the student unless you keep them enrolled.</>}>
      <LoadState load={payments} busyLabel="Loading the payments…" failure="The payments could not be loaded">
        {(result) =>
          result.items.length === 0 ? (
            <p class="muted" data-testid="bootcamp-payments-empty">No payments for this bootcamp yet.</p>
          ) : (
            <>
              <ul class="payment-list" aria-label="Payments">
                {result.items.map((p) => (
                  <li key={p.paymentId} class="card payment-item" data-testid="bootcamp-payment-row">
                    <PaymentSummary payment={p} />
                    {refundable(p) > 0 && open !== p.paymentId ? (
                      <button type="button" class="btn btn-secondary btn-small" onClick={() => setOpen(p.paymentId)} data-testid="open-refund">
                        Refund…
                      </button>
                    ) : null}
                    {open === p.paymentId ? (
                      <RefundForm payment={p} onDone={() => { setOpen(null); payments.retry(); }} onCancel={() => setOpen(null)} />
                    ) : null}
                  </li>
                ))}
              </ul>
              <Pager page={page} pageSize={PAGE_SIZE} total={result.total} onPage={setPage} busy={payments.busy} label="Payment pages" />
            </>
          )
        }
      </LoadState>
    </Page>
  );
}

function PaymentSummary(props: { payment: Payment }) {
  const p = props.payment;
  return (
    <dl class="pay-summary">
      <dt>Payment</dt>
      <dd><code>{p.paymentId}</code>{p.invoiceNumber ? <span class="muted small"> · invoice {p.invoiceNumber}</span> : null}</dd>
      <dt>Status</dt>
      <dd data-testid="payment-status">{statusLabel[p.status]}{p.failureReason ? <span class="muted small"> — {p.failureReason}</span> : null}</dd>
      <dt>Total</dt>
      <dd>
        {formatPrice(p.totalMinor, p.currency)}
        {p.couponCode ? <span class="muted small"> (coupon {p.couponCode})</span> : null}
        {p.refundedMinor > 0 ? <span class="muted small"> · {formatPrice(p.refundedMinor, p.currency)} refunded</span> : null}
      </dd>
      <dt>Date</dt>
      <dd>{formatDateTime(p.createdAt)}</dd>
    </dl>
  );
}

function RefundForm(props: { payment: Payment; onDone: () => void; onCancel: () => void }) {
  const p = props.payment;
  const left = refundable(p);
  const [amount, setAmount] = useState(fromMinorUnits(left, p.currency));
  const [reason, setReason] = useState('');
  const [keepEnrollment, setKeepEnrollment] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const minor = toMinorUnits(amount, p.currency);

  const check = (event: Event) => {
    event.preventDefault();
    const found: Record<string, string[]> = {};
    if (minor === null || minor <= 0) found.amountminor = ['Enter an amount greater than 0, such as 25.00.'];
    else if (minor > left) found.amountminor = [`At most ${formatPrice(left, p.currency)} is left to refund.`];
    if (!reason.trim()) found.reason = ['Say why you are refunding; the student sees it.'];
    setErrors(found);
    setMessage(null);
    setConfirming(Object.keys(found).length === 0);
  };

  const refund = async () => {
    setBusy(true);
    try {
      const made = await refundPayment(p.paymentId, { amountMinor: minor === left ? null : minor, reason: reason.trim(), keepEnrollment });
      toast.success(`${formatPrice(made.amountMinor, p.currency)} refunded.`);
      props.onDone();
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) setErrors(error.fieldErrors);
      setMessage(errorMessage(error));
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  const full = minor === left;
  return (
    <form class="stack refund-form" onSubmit={check} noValidate data-testid="refund-form" aria-label={`Refund payment ${p.paymentId}`}>
      <Field label={`Amount (${p.currency})`} name="amountMinor" required errors={errors.amountminor} hint={`Up to ${formatPrice(left, p.currency)}.`}>
        {(control) => <input {...control} type="text" inputMode="decimal" value={amount} disabled={confirming}
          onInput={(e) => setAmount(e.currentTarget.value)} data-testid="refund-amount" />}
      </Field>
      <Field label="Reason" name="reason" required errors={errors.reason}>
        {(control) => <input {...control} type="text" maxLength={500} value={reason} disabled={confirming}
          onInput={(e) => setReason(e.currentTarget.value)} data-testid="refund-reason" />}
      </Field>
      <label class="checkbox">
        <input type="checkbox" checked={keepEnrollment} disabled={confirming} onChange={(e) => setKeepEnrollment(e.currentTarget.checked)} data-testid="refund-keep" />{' '}
        Keep the student enrolled
      </label>
      <FormAlert message={message} />
      {confirming ? (
        <ConfirmBox
          question={`Refund ${minor !== null ? formatPrice(minor, p.currency) : ''} to the student?${full && !keepEnrollment ? ' This is the whole payment: they will be withdrawn from the bootcamp.' : ''}`}
          confirmLabel="Refund now" busyLabel="Refunding…" cancelLabel="Change" busy={busy}
          onConfirm={refund} onCancel={() => setConfirming(false)} confirmTestId="confirm-refund" />
      ) : (
        <div class="confirm-actions">
          <button type="submit" class="btn btn-primary btn-small" data-testid="refund-submit">Refund</button>
          <button type="button" class="btn btn-ghost btn-small" onClick={props.onCancel}>Cancel</button>
        </div>
      )}
    </form>
  );
}
