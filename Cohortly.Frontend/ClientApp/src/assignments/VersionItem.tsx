import type { SubmissionVersion } from './api';
import { daysLateText, describeGrade } from './describe';
import { AttachedFiles } from '../files/AttachedFiles';
import { formatDateTime } from '../shared/format';

/** One submitted version: number, time, late badge and the text. */
export function VersionItem({ version: v, latest }: { version: SubmissionVersion; latest?: boolean }) {
  return (
    <li class="version-item" data-testid="version-item" data-version={v.version}>
      <div class="version-head">
        <span class="version-number">Version {v.version}</span>
        {latest ? <span class="badge badge-latest">Latest</span> : null}
        {v.late ? (
          <span class="badge badge-late" data-testid="late-badge">
            Late · {daysLateText(v.daysLate)}
          </span>
        ) : (
          <span class="badge badge-ontime">On time</span>
        )}
        {v.grade ? <span class="badge badge-graded">Graded {describeGrade(v.grade).published}</span> : null}
        <time class="version-time muted small" dateTime={v.submittedAt}>
          {formatDateTime(v.submittedAt)}
        </time>
      </div>
      {v.text ? <div class="submission-text">{v.text}</div> : <p class="muted small">No text in this version.</p>}
      <AttachedFiles files={v.files ?? []} />
    </li>
  );
}
