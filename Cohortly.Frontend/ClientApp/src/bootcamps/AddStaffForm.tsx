import { useRef, useState } from 'preact/hooks';
import { assignStaff, type StaffRole } from './api';
import { UserPicker } from '../admin/UserPicker';
import type { UserSummary } from '../admin/api';
import { collectErrors, FormAlert, SelectField, SubmitButton, useFormSubmit } from '../shared/forms';
import { ApiError } from '../shared/problem';
import { toast } from '../shared/toasts';

const staffRoleOptions = [
  { value: 'instructor', label: 'Instructor' },
  { value: 'mentor', label: 'Mentor' },
] as const;

/** Admins: make someone an instructor or mentor of this bootcamp, found by name or email. Opens on demand. */
export function AddStaffForm(props: { bootcampId: string; onAdded: () => void }) {
  const [open, setOpen] = useState(false);
  const [person, setPerson] = useState<UserSummary | null>(null);
  const [role, setRole] = useState<StaffRole>('instructor');
  const form = useFormSubmit(['userId', 'role']);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const onSubmit = form.onSubmit(
    async () => {
      try {
        await assignStaff(props.bootcampId, person!.userId, role);
      } catch (error) {
        // The bootcamp is the one on screen, so a 404 is about the person.
        if (error instanceof ApiError && error.status === 404) {
          throw new ApiError(404, { ...error.problem, errors: { userId: ['This account no longer exists. Choose someone else.'] } });
        }
        throw error;
      }
      toast.success(`${person!.displayName} is now ${role === 'instructor' ? 'an instructor' : 'a mentor'} here.`);
      setPerson(null);
      props.onAdded();
    },
    () => collectErrors({ userId: person ? [] : ['Choose a person from the list: type part of their name or email.'] }),
  );
  return (
    <section class="subsection" aria-labelledby="add-staff-heading" data-testid="add-staff">
      <div class="subsection-head">
        <h2 id="add-staff-heading" class="section-heading">
          Add staff
        </h2>
        <button
          ref={toggleRef}
          type="button"
          class="btn btn-secondary btn-small"
          aria-expanded={open ? 'true' : 'false'}
          aria-controls="add-staff-form"
          onClick={() => setOpen((o) => !o)}
          data-testid="add-staff-toggle"
        >
          {open ? 'Close' : 'Add staff…'}
        </button>
      </div>
      {open ? (
        <form
          id="add-staff-form"
          ref={form.formRef}
          onSubmit={onSubmit}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && !e.defaultPrevented) {
              setOpen(false);
              toggleRef.current?.focus();
            }
          }}
          noValidate
          data-testid="add-staff-form"
        >
          <p class="muted small">They get the role's account permission too.</p>
          <FormAlert message={form.message} alertRef={form.alertRef} />
          <div class="field-row">
            <UserPicker label="Person" name="userId" value={person} onValue={setPerson} errors={form.errorsFor('userId')} />
            <SelectField label="Staff role" name="role" required value={role} onValue={(v) => setRole(v as StaffRole)} options={staffRoleOptions} errors={form.errorsFor('role')} />
          </div>
          <div class="form-actions">
            <SubmitButton busy={form.busy} busyLabel="Adding…">
              Add staff
            </SubmitButton>
          </div>
        </form>
      ) : null}
    </section>
  );
}
