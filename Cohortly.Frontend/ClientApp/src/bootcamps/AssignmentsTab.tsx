import { AssignmentList } from '../assignments/AssignmentList';
import { NewAssignmentForm } from '../assignments/NewAssignmentForm';

/** The bootcamp's assignments; its instructors create new ones here. */
export function AssignmentsTab(props: { bootcampId: string; inTabs: boolean; isInstructor: boolean; isAdminOnly: boolean; reloadKey: number; onCreated: () => void }) {
  return (
    <div>
      {/* Inside tabs the tab names the panel; the heading stays for screen-reader navigation. */}
      <h2 class={props.inTabs ? 'visually-hidden' : 'section-heading'}>Assignments</h2>
      <AssignmentList key={props.bootcampId} bootcampId={props.bootcampId} reloadKey={props.reloadKey} emptyHint={props.isInstructor ? 'Create the first one below.' : undefined} />
      {props.isInstructor ? (
        <section class="subsection" aria-labelledby="new-assignment-heading">
          <h3 id="new-assignment-heading">New assignment</h3>
          <NewAssignmentForm bootcampId={props.bootcampId} onCreated={props.onCreated} />
        </section>
      ) : props.isAdminOnly ? (
        <p class="muted small">Only the bootcamp's instructors create assignments; make someone an instructor under Settings.</p>
      ) : null}
    </div>
  );
}
