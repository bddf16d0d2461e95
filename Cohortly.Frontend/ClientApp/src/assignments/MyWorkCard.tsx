import type { WorkStatus } from './api';
import { StatusChip } from './StatusChip';
import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { formatDateTime, formatNumber, formatRelative } from '../shared/format';
import { Link } from '../shared/router';
import './assignments.css';

interface MyWorkItem {
  assignmentId: string;
  bootcampId: string;
  bootcampTitle: string;
  title: string;
  dueAt: string;
  extendedDueAt: string | null;
  maxScore: number;
  status: WorkStatus;
  score: number | null;
  late: boolean;
  closed: boolean;
}

interface RecentGrade {
  assignmentId: string;
  bootcampTitle: string;
  title: string;
  score: number;
  maxScore: number;
  feedback: string;
  gradedAt: string;
}

interface MyWork {
  dueNext: MyWorkItem[];
  recentGrades: RecentGrade[];
}

const assignmentHref = (assignmentId: string) => `/assignments/${encodeURIComponent(assignmentId)}`;

/** A student's next assignments across their bootcamps with where they stand, and their latest grades with feedback. */
function MyWorkCard({ data }: { data: MyWork }) {
  return (
    <>
      <HomeCardFrame title="Due next" testId="home-due-next">
        {data.dueNext.length === 0 ? (
          <p class="muted">Nothing due. Well done.</p>
        ) : (
          <ul class="home-list">
            {data.dueNext.map((item) => {
              const due = item.extendedDueAt ?? item.dueAt;
              return (
                <li key={item.assignmentId} data-testid="due-item">
                  <Link href={assignmentHref(item.assignmentId)} data-testid="due-link">
                    {item.title}
                  </Link>
                  <div class="home-item-meta">
                    <span>{item.bootcampTitle}</span>
                    <span>
                      Due <time dateTime={due}>{formatDateTime(due)}</time> ({formatRelative(due)})
                    </span>
                    <StatusChip status={item.status} score={item.score} maxScore={item.maxScore} late={item.late} extendedDueAt={item.extendedDueAt} />
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </HomeCardFrame>
      {data.recentGrades.length > 0 ? (
        <HomeCardFrame title="Recent grades" testId="home-recent-grades">
          <ul class="home-list">
            {data.recentGrades.map((grade) => (
              <li key={grade.assignmentId}>
                <Link href={assignmentHref(grade.assignmentId)}>{grade.title}</Link>
                <div class="home-item-meta">
                  <strong>
                    {formatNumber(grade.score)} / {formatNumber(grade.maxScore)}
                  </strong>
                  <span>{grade.bootcampTitle}</span>
                  <span>graded {formatRelative(grade.gradedAt)}</span>
                </div>
                {grade.feedback ? <p class="home-feedback">{grade.feedback}</p> : null}
              </li>
            ))}
          </ul>
        </HomeCardFrame>
      ) : null}
    </>
  );
}

registerHomeCard('assignments.my-work', MyWorkCard);
