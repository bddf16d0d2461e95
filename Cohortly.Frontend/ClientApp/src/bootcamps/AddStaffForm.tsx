import { useState } from 'preact/hooks';
import { assignStaff, type StaffRole } from './api';
import { collectErrors, FormAlert, required, SelectField, SubmitButton, TextField, useFormSubmit } from '../shared/forms';
import { ApiError } from '../shared/problem';
import { Link } from '../shared/router';
import { toast } from '../shared/toasts';

const staffRoleOptions = [
  { value: 'instructor', label: 'Instructor' },
  { value: 'mentor', label: 'Mentor' },
] as const;

/** Admins: make a user an instructor or mentor of this bootcamp, by their user ID. */
export function AddStaffForm(props: { bootcampId: string; onAdded: () => void }) {
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<StaffRole>('instructor');
  const form = useFormSubmit(['userId', 'role']);
  const onSubmit = form.onSubmit(
    async () => {
      try {
        await assignStaff(props.bootcampId, userId.trim(), role);
      } catch (error) {
        // The bootcamp is the one on screen, so a 404 is about the user.
        if (error instanceof ApiError && error.status === 404) {
          throw new ApiError(404, { ...error.problem, errors: { userId: ['No user has this ID.'] } });
        }
        throw error;
      }
      toast.success(`Added as ${role}.`);
      setUserId('');
      props.onAdded();
    },
    () => collectErrors({ userId: required(userId, "Enter the user's ID.") }),
  );
  return (
    <section class="subsection" aria-labelledby="add-staff-heading" data-testid="add-staff">
      <h2 id="add-staff-heading" class="section-heading">
        Add staff
      </h2>
      <p class="muted small">
        Find a user's ID on the <Link href="/admin/users">Users</Link> page (search by email). They get the role's account permission too.
      </p>
      <form ref={form.formRef} onSubmit={onSubmit} noValidate data-testid="add-staff-form">
        <FormAlert message={form.message} alertRef={form.alertRef} />
        <div class="field-row">
          <TextField label="User ID" name="userId" required value={userId} onValue={setUserId} errors={form.errorsFor('userId')} autoComplete="off" spellcheck={false} />
          <SelectField label="Staff role" name="role" required value={role} onValue={(v) => setRole(v as StaffRole)} options={staffRoleOptions} errors={form.errorsFor('role')} />
        </div>
        <div class="form-actions">
          <SubmitButton busy={form.busy} busyLabel="Adding…">
            Add staff
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}
