import { useState } from 'preact/hooks';
import { createCoupon, listCoupons, type Coupon } from './api';
import { formatDateTime, formatPrice, fromLocalInput, toMinorUnits } from '../shared/format';
import { Field, FormAlert, SubmitButton } from '../shared/forms';
import { LoadState, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { Pager } from '../shared/pager';
import { ApiError, errorMessage } from '../shared/problem';
import { toast } from '../shared/toasts';
import './payments.css';

const PAGE_SIZE = 25;

/** Admin: the coupons with their redemptions, and a form for a new one (percent or fixed amount). */
export function CouponsPage() {
  const [page, setPage] = useState(1);
  const coupons = useLoad((signal) => listCoupons(page, PAGE_SIZE, signal), [page]);
  return (
    <Page title="Coupons" heading="Coupons" width="wide" testId="coupons-page" lead="Discount codes students enter when they pay; each use is counted exactly.">
      <NewCouponForm onCreated={() => { setPage(1); coupons.retry(); }} />
      <h2>All coupons</h2>
      <LoadState load={coupons} busyLabel="Loading the coupons…" failure="The coupons could not be loaded">
        {(result) =>
          result.items.length === 0 ? (
            <p class="muted" data-testid="coupons-empty">No coupons yet.</p>
          ) : (
            <>
              <div class="table-wrap" tabIndex={0} role="region" aria-label="Coupons">
                <table class="table table-stack" data-testid="coupons-table">
                  <thead>
                    <tr>
                      <th scope="col">Code</th>
                      <th scope="col">Discount</th>
                      <th scope="col">Used</th>
                      <th scope="col">Expires</th>
                      <th scope="col">Limits</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.items.map((c) => (
                      <tr key={c.code} data-testid="coupon-row">
                        <td data-label="Code"><code>{c.code}</code></td>
                        <td data-label="Discount">{describeDiscount(c)}</td>
                        <td data-label="Used">
                          {c.redemptions}
                          {c.maxRedemptions ? ` of ${c.maxRedemptions}` : ''}
                          {c.reserved > 0 ? <span class="muted small"> (+{c.reserved} in checkout)</span> : null}
                        </td>
                        <td data-label="Expires">{c.expiresAt ? formatDateTime(c.expiresAt) : 'Never'}</td>
                        <td data-label="Limits">
                          {[c.firstTimeOnly ? 'First-time buyers' : null, c.bootcampIds.length > 0 ? `${c.bootcampIds.length} bootcamp(s)` : null].filter(Boolean).join(', ') || 'None'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager page={page} pageSize={PAGE_SIZE} total={result.total} onPage={setPage} busy={coupons.busy} label="Coupon pages" />
            </>
          )
        }
      </LoadState>
    </Page>
  );
}

function describeDiscount(c: Coupon): string {
  return c.percentOff !== null ? `${c.percentOff} % off` : `${formatPrice(c.amountOffMinor ?? 0, c.currency ?? 'USD')} off`;
}

function NewCouponForm(props: { onCreated: () => void }) {
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<'percent' | 'amount'>('percent');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [maxRedemptions, setMaxRedemptions] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const [bootcampIds, setBootcampIds] = useState('');
  const [firstTimeOnly, setFirstTimeOnly] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setErrors({});
    setMessage(null);
    const value = kind === 'percent' ? Number.parseInt(amount, 10) : toMinorUnits(amount, currency);
    if (!code.trim() || value === null || Number.isNaN(value)) {
      setErrors({
        ...(code.trim() ? {} : { code: ['Give the coupon a code.'] }),
        ...(value === null || Number.isNaN(value) ? { [kind === 'percent' ? 'percentoff' : 'amountoffminor']: ['Enter the discount as a number.'] } : {}),
      });
      return;
    }
    setBusy(true);
    try {
      const created = await createCoupon({
        code: code.trim(),
        ...(kind === 'percent' ? { percentOff: value } : { amountOffMinor: value, currency }),
        maxRedemptions: maxRedemptions ? Number.parseInt(maxRedemptions, 10) : null,
        expiresAt: expiresAt ? fromLocalInput(expiresAt) : null,
        bootcampIds: bootcampIds.split(/[\s,]+/).filter(Boolean),
        firstTimeOnly,
      });
      toast.success(`Coupon ${created.code} created.`);
      setCode('');
      setAmount('');
      setMaxRedemptions('');
      setExpiresAt('');
      setBootcampIds('');
      setFirstTimeOnly(false);
      props.onCreated();
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) setErrors(error.fieldErrors);
      setMessage(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card stack" onSubmit={submit} noValidate data-testid="new-coupon-form">
      <h2>New coupon</h2>
      <div class="coupon-fields">
        <Field label="Code" name="code" required errors={errors.code} hint="Letters, digits, - and _; buyers may type it in any case.">
          {(control) => <input {...control} type="text" maxLength={40} value={code} onInput={(e) => setCode(e.currentTarget.value)} data-testid="coupon-code" />}
        </Field>
        <Field label="Discount type" name="kind" markOptional={false}>
          {(control) => (
            <select {...control} value={kind} onChange={(e) => setKind(e.currentTarget.value as 'percent' | 'amount')} data-testid="coupon-kind">
              <option value="percent">Percent off</option>
              <option value="amount">Fixed amount off</option>
            </select>
          )}
        </Field>
        <Field label={kind === 'percent' ? 'Percent off' : 'Amount off'} name={kind === 'percent' ? 'percentOff' : 'amountOffMinor'} required
          errors={kind === 'percent' ? errors.percentoff : errors.amountoffminor}>
          {(control) => <input {...control} type="text" inputMode="decimal" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} data-testid="coupon-amount" />}
        </Field>
        {kind === 'amount' ? (
          <Field label="Currency" name="currency" required errors={errors.currency}>
            {(control) => <input {...control} type="text" maxLength={3} value={currency} onInput={(e) => setCurrency(e.currentTarget.value.toUpperCase())} />}
          </Field>
        ) : null}
        <Field label="Maximum uses" name="maxRedemptions" errors={errors.maxredemptions}>
          {(control) => <input {...control} type="number" min={1} value={maxRedemptions} onInput={(e) => setMaxRedemptions(e.currentTarget.value)} />}
        </Field>
        <Field label="Expires" name="expiresAt" errors={errors.expiresat}>
          {(control) => <input {...control} type="datetime-local" value={expiresAt} onInput={(e) => setExpiresAt(e.currentTarget.value)} />}
        </Field>
        <Field label="Only for bootcamp ids" name="bootcampIds" errors={errors.bootcampids} hint="Separated by commas; empty means every bootcamp.">
          {(control) => <input {...control} type="text" value={bootcampIds} onInput={(e) => setBootcampIds(e.currentTarget.value)} />}
        </Field>
      </div>
      <label class="checkbox">
        <input type="checkbox" checked={firstTimeOnly} onChange={(e) => setFirstTimeOnly(e.currentTarget.checked)} /> First-time buyers only
      </label>
      <FormAlert message={message} />
      <SubmitButton busy={busy} busyLabel="Creating…">Create coupon</SubmitButton>
    </form>
  );
}
