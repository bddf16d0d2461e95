import { useState } from 'preact/hooks';
import { openDashboardSession } from './api';
import { errorMessage } from '../shared/problem';
import { toast } from '../shared/toasts';

/** Nav button: asks for a dashboard session cookie, then opens the Orleans dashboard (a server page). */
export function DashboardButton({ label }: { label: string }) {
  const [busy, setBusy] = useState(false);
  const open = async () => {
    setBusy(true);
    try {
      await openDashboardSession();
      location.assign('/dashboard/');
    } catch (error) {
      toast.error(`The dashboard could not be opened. ${errorMessage(error)}`);
      setBusy(false);
    }
  };
  return (
    <button type="button" class="nav-link nav-button" onClick={open} disabled={busy} aria-busy={busy ? 'true' : undefined} data-testid="open-dashboard">
      {busy ? <span class="spinner spinner-dark" aria-hidden="true" /> : null}
      {busy ? 'Opening…' : label}
    </button>
  );
}
