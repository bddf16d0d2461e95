import { useRef, useState } from 'preact/hooks';
import { getBootcampAnalytics, setAnalyticsSettings, type AtRiskStudent, type BootcampAnalytics, type PreviousCohort } from './api';
import { listMyBootcamps } from '../bootcamps/api';
import { Chart } from './Chart';
import { useAnalyticsWatch } from './live';
import { formatDateTime, formatNumber, localTimeZone } from '../shared/format';
import { FormAlert, SelectField, SubmitButton, TextField, useFormSubmit } from '../shared/forms';
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
            <SettingsForm bootcampId={bootcampId} d={d} onSaved={dashboard.retry} />
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

      {d.previousCohort ? <Comparison d={d} previous={d.previousCohort} /> : null}

      <AtRiskList students={d.atRisk} bootcampId={bootcampId} />
    </>
  );
}

/** One sentence per headline figure: this cohort's value, the previous one's, and which way it went. */
function compare(label: string, now: number | null, before: number | null, unit: string, digits: number): string {
  const show = (v: number | null) => (v === null ? 'nothing yet' : `${formatNumber(v, digits)}${unit}`);
  if (now === null || before === null) {
    return `${label}: ${show(now)} (previous cohort: ${show(before)}).`;
  }
  const gap = Math.round((now - before) * 10 ** digits) / 10 ** digits;
  const direction = gap === 0 ? 'the same as' : gap > 0 ? `${formatNumber(gap, digits)}${unit === ' %' ? ' points' : ''} more than` : `${formatNumber(-gap, digits)}${unit === ' %' ? ' points' : ''} fewer than`;
  return `${label}: ${show(now)}, ${direction} the previous cohort (${show(before)}).`;
}

/** This cohort beside the previous one: the rates as a chart, every headline figure in a table and in words. */
function Comparison({ d, previous }: { d: BootcampAnalytics; previous: PreviousCohort }) {
  const rows: { label: string; now: number | null; before: number | null; unit: string; digits: number }[] = [
    { label: 'Enrolled', now: d.enrolled, before: previous.enrolled, unit: '', digits: 0 },
    { label: 'Completion', now: d.completionRate * 100, before: previous.completionRate * 100, unit: ' %', digits: 0 },
    { label: 'Average score', now: d.averageScorePercent, before: previous.averageScorePercent, unit: ' %', digits: 1 },
    { label: 'On time', now: d.submissions.onTime, before: previous.submissions.onTime, unit: '', digits: 0 },
    { label: 'Late', now: d.submissions.late, before: previous.submissions.late, unit: '', digits: 0 },
    { label: 'Missing', now: d.submissions.missing, before: previous.submissions.missing, unit: '', digits: 0 },
  ];
  const rates = rows.slice(1, 3);
  return (
    <section aria-labelledby="comparison-heading" data-testid="comparison">
      <h2 id="comparison-heading">This cohort vs previous ({previous.title})</h2>
      <ul class="analytics-comparison-words" data-testid="comparison-words">
        {rows.map((r) => <li key={r.label}>{compare(r.label, r.now, r.before, r.unit, r.digits)}</li>)}
      </ul>
      <Chart title="Completion and average score, this cohort vs previous" kind="bars" labels={rates.map((r) => r.label)}
        series={[
          { label: 'This cohort', values: rates.map((r) => r.now ?? 0), color: COLORS.line },
          { label: previous.title, values: rates.map((r) => r.before ?? 0), color: COLORS.late },
        ]} testId="chart-comparison">
        <table class="table" data-testid="comparison-table">
          <thead><tr><th scope="col">Figure</th><th scope="col">This cohort</th><th scope="col">{previous.title}</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}><th scope="row">{r.label}</th>
                <td>{r.now === null ? '–' : `${formatNumber(r.now, r.digits)}${r.unit}`}</td>
                <td>{r.before === null ? '–' : `${formatNumber(r.before, r.digits)}${r.unit}`}</td></tr>
            ))}
          </tbody>
        </table>
      </Chart>
    </section>
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

/**
 * Staff: the time zone whose days the day charts follow (saving a new one recomputes them, which may take a moment) and
 * the previous cohort to compare with, chosen from the caller's other bootcamps.
 */
function SettingsForm({ bootcampId, d, onSaved }: { bootcampId: string; d: BootcampAnalytics; onSaved: () => void }) {
  const current = d.timeZone;
  const [zone, setZone] = useState(current === 'UTC' ? localTimeZone() : current);
  const [previous, setPrevious] = useState(d.previousCohort?.bootcampId ?? '');
  const mine = useLoad((signal) => listMyBootcamps(signal), []);
  const form = useFormSubmit(['timeZone', 'previousBootcampId']);
  const choices = [
    { value: '', label: 'No comparison' },
    ...(d.previousCohort ? [{ value: d.previousCohort.bootcampId, label: d.previousCohort.title }] : []),
    ...(mine.data?.items ?? [])
      .filter((b) => b.role !== 'student' && b.bootcampId !== bootcampId && b.bootcampId !== d.previousCohort?.bootcampId)
      .map((b) => ({ value: b.bootcampId, label: b.title })),
  ];
  const save = () =>
    form.submit(async () => {
      await setAnalyticsSettings(bootcampId, { timeZone: zone.trim(), previousBootcampId: previous || null });
      toast.success(previous ? `Saved: days follow ${zone.trim()}, compared with the previous cohort.` : `Saved: days follow ${zone.trim()}.`);
      onSaved();
    }, zone.trim() ? undefined : { timeZone: ['Enter a time zone such as Europe/Berlin.'] });
  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <form ref={form.formRef} onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate data-testid="time-zone-form">
        <FormAlert message={form.message} alertRef={form.alertRef} />
        <TextField label="Time zone of the day charts" name="timeZone" required value={zone} onValue={setZone}
          hint={`An IANA name such as Europe/Berlin; now ${current}.`} errors={form.errorsFor('timeZone')} />
        <SelectField label="Previous cohort to compare with" name="previousBootcampId" value={previous} onValue={setPrevious}
          options={choices} hint={mine.busy ? 'Loading your other bootcamps…' : 'One of the bootcamps you teach or mentor.'}
          errors={form.errorsFor('previousBootcampId')} />
        <SubmitButton busy={form.busy} busyLabel="Saving…" variant="secondary">Save settings</SubmitButton>
      </form>
    </section>
  );
}
