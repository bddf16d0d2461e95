import { getProgress } from './api';
import { ProgressSummary } from './ProgressSummary';
import { LoadState, useLoad } from '../shared/load';

/** The signed-in student's own progress in this bootcamp; `reloadKey` changes when a grade or assignment arrives. */
export function StudentProgress(props: { bootcampId: string; studentId: string; reloadKey: number }) {
  const progress = useLoad((signal) => getProgress(props.bootcampId, props.studentId, signal), [props.bootcampId, props.studentId, props.reloadKey]);
  return (
    <section class="progress-card" aria-labelledby="progress-heading" data-testid="progress">
      <h2 id="progress-heading" class="section-heading">
        Your progress
      </h2>
      <LoadState load={progress} busyLabel="Loading your progress…" failure="Your progress could not be loaded">
        {(found) => <ProgressSummary progress={found} />}
      </LoadState>
    </section>
  );
}
