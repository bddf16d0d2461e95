import { useEffect, useRef, useState } from 'preact/hooks';
import { deleteSavedReport, getReport, listSavedReports, reportQuery, saveReport, type Report, type ReportQuery, type SavedReport } from './api';
import { Chart } from './Chart';
import { downloadReport } from './reportsDownload';
import { useMemberships } from '../bootcamps/membership';
import { hasRole, useAuth } from '../shared/auth';
import { formatNumber } from '../shared/format';
import { Field, FormAlert, SelectField, SubmitButton, TextField, useFormSubmit } from '../shared/forms';
import { LoadState, ProgressLine, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { describeError, errorMessage } from '../shared/problem';
import { toast } from '../shared/toasts';
import './analytics.css';

const metrics = [
  { value: 'enrollments', label: 'Enrollments' },
  { value: 'submissions', label: 'Submissions handed in' },
  { value: 'onTime', label: 'On-time submissions' },
  { value: 'late', label: 'Late submissions' },
  { value: 'missing', label: 'Missing submissions' },
  { value: 'averageScore', label: 'Average score (%)' },
  { value: 'completion', label: 'Completion rate' },
  { value: 'activeStudents', label: 'Active students' },
] as const;

const groupings = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
  { value: 'bootcamp', label: 'Bootcamp' },
  { value: 'assignment', label: 'Assignment' },
  { value: 'student', label: 'Student' },
] as const;

const fields = ['metric', 'groupBy', 'from', 'to', 'bootcampId', 'format'] as const;

/** Staff and admins: one metric grouped one way over a range of days, as a chart with its table, and as CSV or PDF. */
export function ReportsPage() {
  const auth = useAuth();
  const admin = hasRole(auth, 'admin');
  const memberships = useMemberships();
  const teaching = memberships.items.filter((b) => b.role === 'instructor' || b.role === 'mentor');
  const [query, setQuery] = useState<ReportQuery>({ metric: 'enrollments', groupBy: 'day', from: '', to: '', bootcampId: '' });
  const [report, setReport] = useState<{ query: ReportQuery; data: Report } | null>(null);
  const [download, setDownload] = useState<{ format: 'csv' | 'pdf'; bytes: number } | null>(null);
  const aborter = useRef<AbortController | null>(null);
  useEffect(() => () => aborter.current?.abort(), []);
  const form = useFormSubmit(fields);
  const set = (key: keyof ReportQuery) => (value: string) => setQuery((q) => ({ ...q, [key]: value }));

  const validate = () => {
    const errors: Record<string, string[]> = {};
    if (query.from && query.to && query.from > query.to) errors.to = ['The last day comes before the first.'];
    return errors;
  };

  const show = form.onSubmit(async () => {
    aborter.current?.abort();
    aborter.current = new AbortController();
    const data = await getReport(query, aborter.current.signal);
    setReport({ query, data });
  }, validate);

  const save = async (format: 'csv' | 'pdf') => {
    aborter.current?.abort();
    aborter.current = new AbortController();
    setDownload({ format, bytes: 0 });
    form.setMessage(null);
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(reportQuery(query, format))) if (value) params.set(key, value);
    try {
      await downloadReport(`/api/analytics/reports?${params}`, `report-${query.metric}-by-${query.groupBy}.${format}`,
        (bytes) => setDownload({ format, bytes }), aborter.current.signal);
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'AbortError')) {
        const { fields: byField, message } = describeError(error, []);
        form.setMessage(`The ${format.toUpperCase()} could not be made: ${message ?? Object.values(byField).flat().join(' ')}`);
      }
    } finally {
      setDownload(null);
    }
  };

  const metricOptions = admin ? [...metrics, { value: 'revenue', label: 'Revenue' }] : metrics;
  const bootcampOptions = [{ value: '', label: admin ? 'All bootcamps' : 'All my bootcamps' }, ...teaching.map((b) => ({ value: b.bootcampId, label: b.title }))];
  return (
    <Page title="Reports" heading="Reports" width="wide" testId="reports-page"
      lead="Pick a figure, how to group it and which days (in each bootcamp's time zone). Each figure means what it means on the dashboard.">
      <form ref={form.formRef} onSubmit={show} class="reports-form" noValidate aria-describedby="reports-help">
        <FormAlert message={form.message} alertRef={form.alertRef} />
        <div class="reports-fields">
          <SelectField label="Figure" name="metric" value={query.metric} onValue={set('metric')} options={metricOptions} errors={form.errorsFor('metric')} />
          <SelectField label="Group by" name="groupBy" value={query.groupBy} onValue={set('groupBy')} options={groupings} errors={form.errorsFor('groupBy')} />
          <DateField label="From" name="from" value={query.from} onValue={set('from')} errors={form.errorsFor('from')} />
          <DateField label="To" name="to" value={query.to} onValue={set('to')} errors={form.errorsFor('to')} />
          <SelectField label="Bootcamp" name="bootcampId" value={query.bootcampId} onValue={set('bootcampId')} options={bootcampOptions} errors={form.errorsFor('bootcampId')} />
        </div>
        <p id="reports-help" class="field-hint">Leave the days empty for the whole history.</p>
        <div class="reports-actions">
          <SubmitButton busy={form.busy} busyLabel="Making the report…">Show report</SubmitButton>
          <button type="button" class="btn btn-secondary" data-testid="download-csv" disabled={download !== null} onClick={() => void save('csv')}>Download CSV</button>
          <button type="button" class="btn btn-secondary" data-testid="download-pdf" disabled={download !== null} onClick={() => void save('pdf')}>Download PDF</button>
        </div>
        {download ? (
          <ProgressLine label={`Preparing the ${download.format.toUpperCase()}… ${download.bytes > 0 ? `${formatNumber(download.bytes / 1024, 0)} KB received` : ''}`} />
        ) : null}
      </form>
      {report ? <ReportView report={report.data} query={report.query} /> : null}
      <SavedReports query={query} onOpen={(saved) => setQuery({ metric: saved.metric, groupBy: saved.groupBy, from: saved.from ?? '', to: saved.to ?? '', bootcampId: saved.bootcampId ?? '' })} />
    </Page>
  );
}

function DateField(props: { label: string; name: string; value: string; onValue: (value: string) => void; errors?: string[] }) {
  return (
    <Field label={props.label} name={props.name} errors={props.errors}>
      {(control) => <input {...control} type="date" name={props.name} value={props.value} onInput={(e) => props.onValue(e.currentTarget.value)} />}
    </Field>
  );
}

function ReportView({ report, query }: { report: Report; query: ReportQuery }) {
  // As ReportsRules.KeyCount: an id and a name for bootcamps, assignments and students, one cell for days; revenue adds the currency.
  const keyCount = (['bootcamp', 'assignment', 'student'].includes(query.groupBy) ? 2 : 1) + (query.metric === 'revenue' ? 1 : 0);
  // Ids are for machines: the chart and the table's row headers use the name beside them.
  const labelOf = (row: Report['rows'][number]) => row.slice(keyCount === 1 ? 0 : 1, keyCount).join(' · ');
  const timeSeries = ['day', 'week', 'month'].includes(query.groupBy);
  const figure = report.columns[keyCount];
  const label = metrics.find((m) => m.value === query.metric)?.label ?? query.metric;
  return (
    <section aria-labelledby="report-heading" data-testid="report">
      <h2 id="report-heading">{label} by {query.groupBy}</h2>
      {report.rows.length === 0 ? <p class="muted">Nothing counted in these days.</p> : null}
      <Chart title={`${label} (${figure})`} kind={timeSeries ? 'line' : 'bars'} labels={report.rows.map(labelOf)}
        series={[{ label, values: report.rows.map((r) => Number(r[keyCount] ?? 0)), color: '#3157c4' }]} testId="report-chart">
        <div class="table-wrap" tabIndex={0} role="region" aria-label={`${label}: the table`}>
          <table class="table" data-testid="report-table">
            <thead><tr>{report.columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
            <tbody>
              {report.rows.map((row, i) => (
                <tr key={i}>{row.map((cell, j) => (j === 0 ? <th key={j} scope="row">{cell ?? ''}</th> : <td key={j}>{cell ?? ''}</td>))}</tr>
              ))}
            </tbody>
          </table>
        </div>
      </Chart>
    </section>
  );
}

/** Save the query above by name (it is then emailed weekly), and the saved ones: open one into the form, or stop it. */
function SavedReports({ query, onOpen }: { query: ReportQuery; onOpen: (saved: SavedReport) => void }) {
  const saved = useLoad((signal) => listSavedReports(signal), []);
  const [name, setName] = useState('');
  const [removing, setRemoving] = useState<string | null>(null);
  const form = useFormSubmit(['name', 'metric', 'groupBy', 'from', 'to', 'bootcampId']);
  const save = form.onSubmit(async () => {
    await saveReport(name, query);
    setName('');
    toast.success(`Saved: "${name}" will be emailed to you every week.`);
    saved.retry();
  }, (): Record<string, string[]> => (name.trim() ? {} : { name: ['Give the report a name.'] }));
  const remove = async (report: SavedReport) => {
    setRemoving(report.reportId);
    try {
      await deleteSavedReport(report.reportId);
      toast.success(`"${report.name}" is no longer emailed.`);
      saved.retry();
    } catch (error) {
      toast.error(`"${report.name}" could not be removed: ${errorMessage(error)}`);
    } finally {
      setRemoving(null);
    }
  };
  return (
    <section aria-labelledby="saved-heading" data-testid="saved-reports">
      <h2 id="saved-heading">Saved reports, emailed weekly</h2>
      <form ref={form.formRef} onSubmit={save} class="reports-actions" noValidate>
        <FormAlert message={form.message} alertRef={form.alertRef} />
        <TextField label="Name of the report above" name="name" value={name} onValue={setName} maxLength={100} required errors={form.errorsFor('name')} />
        <SubmitButton busy={form.busy} busyLabel="Saving…" variant="secondary">Save and email weekly</SubmitButton>
      </form>
      <LoadState load={saved} busyLabel="Loading your saved reports…" failure="Your saved reports could not be loaded">
        {(items) => items.length === 0 ? <p class="muted">None yet.</p> : (
          <ul class="saved-reports">
            {items.map((r) => (
              <li key={r.reportId}>
                <strong>{r.name}</strong> <span class="muted">{r.metric} by {r.groupBy}</span>{' '}
                <button type="button" class="btn btn-secondary btn-small" aria-label={`Open ${r.name} in the form`} onClick={() => onOpen(r)}>Open</button>{' '}
                <button type="button" class="btn btn-secondary btn-small" disabled={removing !== null} aria-label={`Stop emailing ${r.name}`}
                  onClick={() => void remove(r)}>{removing === r.reportId ? 'Stopping…' : 'Stop'}</button>
              </li>
            ))}
          </ul>
        )}
      </LoadState>
    </section>
  );
}
