import { useState } from 'preact/hooks';
import { PayPanel } from './PayPanel';
import { grantsAccess, mySubscription } from './subscriptionApi';
import { enroll, type Bootcamp } from '../bootcamps/api';
import { refreshMemberships } from '../bootcamps/membership';
import { useLoad } from '../shared/load';
import { errorMessage } from '../shared/problem';
import { Link } from '../shared/router';
import { toast } from '../shared/toasts';
import './subscriptions.css';

/**
 * A paid bootcamp's enroll panel, aware of subscriptions: a subscriber enrolls in an included bootcamp without paying
 * ("Included in your subscription"); anyone else sees that a subscription would include it, and the usual Pay panel.
 */
export function IncludedPanel(props: { bootcamp: Bootcamp; onChanged: () => void }) {
  const { bootcamp } = props;
  const subscription = useLoad((signal) => (bootcamp.includedInSubscription ? mySubscription(signal) : Promise.resolve(null)), [bootcamp.bootcampId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!bootcamp.includedInSubscription) return <PayPanel {...props} />;
  if (grantsAccess(subscription.data)) {
    const join = async () => {
      setBusy(true);
      setError(null);
      try {
        await enroll(bootcamp.bootcampId);
        await refreshMemberships();
        toast.success(`You're enrolled in “${bootcamp.title}”.`);
        props.onChanged();
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setBusy(false);
      }
    };
    return (
      <div class="enroll-panel" data-testid="included-panel">
        <p><span class="included-badge" data-testid="included-badge">Included in your subscription</span></p>
        <button type="button" class="btn btn-primary" onClick={join} disabled={busy} aria-busy={busy ? 'true' : undefined} data-testid="enroll-included-button">
          {busy ? <span class="spinner" aria-hidden="true" /> : null}
          <span>{busy ? 'Enrolling…' : 'Enroll'}</span>
        </button>
        {error ? <div class="alert alert-error enroll-notice" role="alert">{error}</div> : null}
      </div>
    );
  }
  return (
    <div>
      <p class="small">
        <span class="included-badge" data-testid="included-badge">Included in subscription</span>{' '}
        <Link href="/subscription">Subscribe to enroll without paying for it</Link>
      </p>
      <PayPanel {...props} />
    </div>
  );
}
