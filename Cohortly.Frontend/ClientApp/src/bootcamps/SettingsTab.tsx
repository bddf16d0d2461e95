import { useState } from 'preact/hooks';
import { AddStaffForm } from './AddStaffForm';
import { updateBootcamp, type Bootcamp, type BootcampInput } from './api';
import { BootcampForm } from './BootcampForm';
import { CertificateSettingsSection } from '../certificates/CertificateSettingsSection';
import { isFeatureOn, useFeatures } from '../shared/features';
import { eventKey, toast } from '../shared/toasts';

/** Instructors and admins: edit the bootcamp's details; admins also add staff. */
export function SettingsTab(props: { bootcamp: Bootcamp; isAdmin: boolean; onSaved: (bootcamp: Bootcamp) => void; onStaffAdded: () => void }) {
  const [formKey, setFormKey] = useState(0);
  const features = useFeatures();
  const onSaved = async (patch: Partial<BootcampInput>) => {
    if (Object.keys(patch).length === 0) {
      toast.info('Nothing to save: no field changed.');
      return;
    }
    const updated = await updateBootcamp(props.bootcamp.bootcampId, patch);
    props.onSaved(updated);
    setFormKey((n) => n + 1);
    // Members (staff too) hear bootcamp.updated live: one toast for both.
    toast.success('Bootcamp details saved.', { key: eventKey('bootcamp.updated', props.bootcamp.bootcampId) });
  };
  return (
    <div>
      <section aria-labelledby="edit-heading">
        <h2 id="edit-heading" class="section-heading">
          Edit details
        </h2>
        <BootcampForm key={formKey} mode="edit" bootcamp={props.bootcamp} onSaved={onSaved} onCancel={() => setFormKey((n) => n + 1)} />
      </section>
      {props.isAdmin ? <AddStaffForm bootcampId={props.bootcamp.bootcampId} onAdded={props.onStaffAdded} /> : null}
      {isFeatureOn(features, 'certificates') ? <CertificateSettingsSection bootcampId={props.bootcamp.bootcampId} isAdmin={props.isAdmin} /> : null}
    </div>
  );
}
