import { createBootcamp, type BootcampInput } from './api';
import { BootcampForm } from './BootcampForm';
import { refreshMemberships } from './membership';
import { Page } from '../shared/page';
import { navigate } from '../shared/router';
import { toast } from '../shared/toasts';
import './bootcamps.css';

export function NewBootcampPage() {
  const onSaved = async (input: Partial<BootcampInput>) => {
    const created = await createBootcamp(input as BootcampInput);
    toast.success(`“${created.title}” is open for enrollment.`);
    await refreshMemberships(); // so the bootcamp page knows at once that its creator teaches it
    // The bootcamp page reads the bootcamp itself (always fresh); the catalog lags a moment behind.
    navigate(`/bootcamps/${encodeURIComponent(created.bootcampId)}`);
  };
  return (
    <Page title="New bootcamp" testId="new-bootcamp-page" lead="Open a bootcamp: students find it in the catalog and enroll.">
      <BootcampForm mode="create" onSaved={onSaved} onCancel={() => navigate('/bootcamps')} />
    </Page>
  );
}
