import { useState } from 'preact/hooks';
import { testCards } from './api';
import { Field } from '../shared/forms';
import { ApiError, errorMessage } from '../shared/problem';

/** The embedded gateway's card form, for a subscription's checkout and its stand-in portal: the number goes to the gateway only. */
export function TestCardForm(props: { submitLabel: string; busyLabel: string; onCard: (cardNumber: string) => Promise<void> }) {
  const [card, setCard] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    if (!card.trim()) {
      setError('Enter one of the test card numbers below.');
      return;
    }
    setBusy(true);
    try {
      await props.onCard(card);
    } catch (e) {
      // A decline is the gateway's own word ("Your card was declined…"), as Stripe's page shows it.
      setError(e instanceof ApiError ? (e.fieldErrors.cardnumber?.[0] ?? e.problem.title ?? errorMessage(e)) : errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="stack" onSubmit={submit} noValidate>
      <Field label="Card number" name="cardNumber" required errors={error ? [error] : undefined}
        hint={<span>Test cards: {testCards.map((c) => `${c.number} ${c.outcome}`).join('; ')}.</span>}>
        {(control) => (
          <input {...control} type="text" inputMode="numeric" autocomplete="off" maxLength={32} value={card} data-testid="card-input"
            onInput={(e) => setCard(e.currentTarget.value)} />
        )}
      </Field>
      <button type="submit" class="btn btn-primary" disabled={busy} aria-busy={busy ? 'true' : undefined} data-testid="card-pay-button">
        {busy ? <span class="spinner" aria-hidden="true" /> : null}
        <span>{busy ? props.busyLabel : props.submitLabel}</span>
      </button>
    </form>
  );
}
