import { useRef, useState } from 'preact/hooks';
import { getBootcampAnalytics, setAnalyticsTimeZone, type AtRiskStudent, type BootcampAnalytics } from './api';
import { Chart } from './Chart';
import { useAnalyticsWatch } from './live';
import { formatDateTime, formatNumber, localTimeZone } from '../shared/format';
import { FormAlert, SubmitButton, TextField, useFormSubmit } from '../shared/forms';
import { toast } from '../shared/toasts';
import { LoadState, useLoad } from '../shared/load';
import type { PageProps } from '../routes';
import { Page } from '../shared/page';
import { Link } from '../shared/router';
import './analytics.css';

const COLORS = { onTime: '#2f7d4f', late: '#c77c02', missing: '#b3261e', line: '#3157c4' };

/** A bootcamp's dashboard for its staff and admins: headline figures, charts with tables, the at-risk list; live. */
export function AnalyticsPage({ params }: PageProps) {
  const bootcampId = params.bootcampId;
  const dashboard = useLoad((signal) => getBootcampAnalytics(bootcampId, signal), [bootcampId]);
  const [liveProblem, setLiveProblem] = useState<string | null>(null);
  const reload = useRef<number | undefined>(undefined);
  // A burst of pushes is one reload: the figures are read again a moment after the last one.
  useAnalyticsWatch(
    bootcampId,
    () => {
      window.clearTimeout(reload.current);
      reload.current = window.setTimeout(dashboard.retry, 250);
    },
    setLiveProblem,
  );

  return (
    <Page title="Bootcamp analytics" heading="Analytics" width="wide" testId="analytics-page"
      lead={<>Figures update by themselves as students work. <Link href={`/bootcamps/${encodeURIComponent(bootcampId)}`}>Back to the bootcamp</Link></>}>
      {liveProblem ? <p class="alert alert-info" role="status">Live updates are off: {liveProblem}</p> : null}
      <LoadState load={dashboard} busyLabel="Loading the figures…" failure="The analytics could not be loaded">
        {(d) => (
          <>
            <Dashboard d={d} bootcampId={bootcampId} />
            <TimeZoneForm bootcampId={bootcampId} current={d.timeZone} onSaved={dashboard.retry} />
          </>
        )}
      </LoadState>
    </Page>
  );
}

function Dashboard({ d, bootcampId }: { d: BootcampAnalytics; bootcampId: string }) {
  const percent = (rate: number) => `${formatNumber(rate * 100, 0)} %`;
  return (
    <>
      <dl class="analytics-figures" aria-live="polite">
        <Figure label="Enrolled" value={String(d.enrolled)} testId="figure-enrolled" />
        <Figure label="Active (7 days)" value={String(d.active)} testId="figure-active" />
        <Figure label="Completion" value={percent(d.completionRate)} testId="figure-completion" />
        <Figure label="Average score" value={d.averageScorePercent === null ? 'No grades yet' : `${formatNumber(d.averageScorePercent, 1)} %`} testId="figure-average" />
        <Figure label="On time" value={String(d.submissions.onTime)} testId="figure-on-time" />
        <Figure label="Late" value={String(d.submissions.late)} testId="figure-late" />
        <Figure label="Missing" value={String(d.submissions.missing)} testId="figure-missing" />
      </dl>
      <p class="muted small">Days in {d.timeZone}. Computed {formatDateTime(d.computedAt)}.</p>

      <div class="analytics-grid">
        <Chart title="Enrollments per day" kind="bars" labels={d.enrollmentsByDay.map((x) => x.date)}
          series={[{ label: 'Enrollments', values: d.enrollmentsByDay.map((x) => x.count), color: COLORS.line }]} testId="chart-enrollments">
          <DayTable rows={d.enrollmentsByDay} what="Enrollments" />
        </Chart>
        <Chart title="Active students per day" kind="line" labels={d.activeStudentsByDay.map((x) => x.date)}
          series={[{ label: 'Active students', values: d.activeStudentsByDay.map((x) => x.count), color: COLORS.line }]} testId="chart-active">
          <DayTable rows={d.activeStudentsByDay} what="Active students" />
        </Chart>
        <Chart title="Submissions per assignment" kind="bars" labels={d.submissionsByAssignment.map((a) => a.title)}
          series={[
            { label: 'On time', values: d.submissionsByAssignment.map((a) => a.onTime), color: COLORS.onTime },
            { label: 'Late', values: d.submissionsByAssignment.map((a) => a.late), color: COLORS.late },
            { label: 'Missing', values: d.submissionsByAssignment.map((a) => a.missing), color: COLORS.missing },
          ]} testId="chart-submissions">
          <table class="table" data-testid="submissions-table">
            <thead><tr><th scope="col">Assignment</th><th scope="col">On time</th><th scope="col">Late</th><th scope="col">Missing</th></tr></thead>
            <tbody>
              {d.submissionsByAssignment.map((a) => (
                <tr key={a.assignmentId}><th scope="row"><Link href={`/assignments/${encodeURIComponent(a.assignmentId)}`}>{a.title}</Link></th><td>{a.onTime}</td><td>{a.late}</td><td>{a.missing}</td></tr>
              ))}
            </tbody>
          </table>
        </Chart>
        <Chart title="Grade distribution" kind="bars" labels={d.gradeHistogram.map((b) => `${b.fromPercent}–${b.toPercent}`)}
          series={[{ label: 'Grades', values: d.gradeHistogram.map((b) => b.count), color: COLORS.onTime }]} testId="chart-grades">
          <table class="table">
            <thead><tr><th scope="col">Score</th><th scope="col">Grades</th></tr></thead>
            <tbody>{d.gradeHistogram.map((b) => <tr key={b.fromPercent}><th scope="row">{b.fromPercent}–{b.toPercent} %</th><td>{b.count}</td></tr>)}</tbody>
          </table>
        </Chart>
      </div>

      <AtRiskList students={d.atRisk} bootcampId={bootcampId} />
    </>
  );
}

function Figure(props: { label: string; value: string; testId: string }) {
  return (
    <div class="analytics-figure">
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{props.value}</dd>
    </div>
  );
}

function DayTable({ rows, what }: { rows: { date: string; count: number }[]; what: string }) {
  return (
    <table class="table">
      <thead><tr><th scope="col">Day</th><th scope="col">{what}</th></tr></thead>
      <tbody>{rows.map((r) => <tr key={r.date}><th scope="row">{r.date}</th><td>{r.count}</td></tr>)}</tbody>
    </table>
  );
}

type SortKey = 'score' | 'name';

/** Students the at-risk rules flag, highest score first (or by name), each linking to their work. */
function AtRiskList({ students, bootcampId }: { students: AtRiskStudent[]; bootcampId: string }) {
  const [sort, setSort] = useState<SortKey>('score');
  const sorted = [...students].sort((a, b) =>
    sort === 'score' ? b.score - a.score || a.displayName.localeCompare(b.displayName) : a.displayName.localeCompare(b.displayName));
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort === key ? (key === 'score' ? 'descending' : 'ascending') : 'none'}>
      <button type="button" class="link-button" onClick={() => setSort(key)} data-testid={`sort-${key}`}>{label}</button>
    </th>
  );
  return (
    <section aria-labelledby="at-risk-heading">
      <h2 id="at-risk-heading">Students at risk</h2>
      <p class="muted small">Scored from missed deadlines, late work, quiet days and scores well under the cohort's; the reasons say which.</p>
      {students.length === 0 ? (
        <p class="muted" data-testid="at-risk-empty">Nobody is at risk right now.</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Students at risk">
          <table class="table table-stack" data-testid="at-risk-table">
            <thead><tr>{header('name', 'Student')}{header('score', 'Risk score')}<th scope="col">Why</th></tr></thead>
            <tbody>
              {sorted.map((s) => (
                <tr key={s.studentId} data-testid="at-risk-row">
                  <td data-label="Student"><Link href={`/bootcamps/${encodeURIComponent(bootcampId)}?tab=gradebook#student-${encodeURIComponent(s.studentId)}`}>{s.displayName}</Link></td>
                  <td data-label="Risk score">{s.score}</td>
                  <td data-label="Why">{s.reasons.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Staff: the time zone whose days the day charts follow (saving recomputes them, which may take a moment). */
function TimeZoneForm({ bootcampId, current, onSaved }: { bootcampId: string; current: string; onSaved: () => void }) {
  const [zone, setZone] = useState(current === 'UTC' ? localTimeZone() : current);
  const form = useFormSubmit(['timeZone']);
  const save = () =>
    form.submit(async () => {
      await setAnalyticsTimeZone(bootcampId, zone.trim());
      toast.success(`Days now follow ${zone.trim()}.`);
      onSaved();
    }, zone.trim() ? undefined : { timezone: ['Enter a time zone such as Europe/Berlin.'] });
  return (
    <section aria-labelledby="time-zone-heading">
      <h2 id="time-zone-heading">Days</h2>
      <form ref={form.formRef} onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate data-testid="time-zone-form">
        <FormAlert message={form.message} alertRef={form.alertRef} />
        <TextField label="Time zone of the day charts" name="timeZone" required value={zone} onValue={setZone}
          hint={`An IANA name such as Europe/Berlin; now ${current}.`} errors={form.errorsFor('timeZone')} />
        <SubmitButton busy={form.busy} busyLabel="Recomputing the days…" variant="secondary">Save time zone</SubmitButton>
      </form>
    </section>
  );
}
