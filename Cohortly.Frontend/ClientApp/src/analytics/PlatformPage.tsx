import { getPlatformAnalytics, type MonthRevenue } from './api';
import { Chart } from './Chart';
import { formatNumber, formatPrice } from '../shared/format';
import { LoadState, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { Link } from '../shared/router';
import './analytics.css';

/** Admin: the platform's users, bootcamps, enrollments and revenue per month, and each bootcamp's completion. */
export function PlatformPage() {
  const platform = useLoad((signal) => getPlatformAnalytics(signal), []);
  return (
    <Page title="Platform" heading="Platform" width="wide" testId="platform-page" lead="Months are calendar months in UTC; revenue is per currency.">
      <LoadState load={platform} busyLabel="Loading the platform's figures…" failure="The platform's figures could not be loaded">
        {(p) => (
          <>
            <dl class="analytics-figures">
              <div class="analytics-figure"><dt>Users</dt><dd data-testid="figure-users">{p.users}</dd></div>
              <div class="analytics-figure"><dt>Active users (30 days)</dt><dd data-testid="figure-active-users">{p.activeUsers30d}</dd></div>
              <div class="analytics-figure"><dt>Bootcamps</dt><dd data-testid="figure-bootcamps">{p.bootcamps}</dd></div>
            </dl>
            <div class="analytics-grid">
              <Chart title="Enrollments per month" kind="bars" labels={p.enrollmentsByMonth.map((m) => m.month)}
                series={[{ label: 'Enrollments', values: p.enrollmentsByMonth.map((m) => m.count), color: '#3157c4' }]} testId="chart-enrollments-month">
                <table class="table">
                  <thead><tr><th scope="col">Month</th><th scope="col">Enrollments</th></tr></thead>
                  <tbody>{p.enrollmentsByMonth.map((m) => <tr key={m.month}><th scope="row">{m.month}</th><td>{m.count}</td></tr>)}</tbody>
                </table>
              </Chart>
              {[...new Set(p.revenueByMonth.map((r) => r.currency))].map((currency) => (
                <RevenueChart key={currency} currency={currency} rows={p.revenueByMonth.filter((r) => r.currency === currency)} />
              ))}
            </div>
            <h2>Completion per bootcamp</h2>
            {p.completionRateByBootcamp.length === 0 ? (
              <p class="muted">No bootcamp has figures yet.</p>
            ) : (
              <div class="table-wrap" tabIndex={0} role="region" aria-label="Completion per bootcamp">
                <table class="table table-stack" data-testid="completion-table">
                  <thead><tr><th scope="col">Bootcamp</th><th scope="col">Completion</th></tr></thead>
                  <tbody>
                    {p.completionRateByBootcamp.map((c) => (
                      <tr key={c.bootcampId}>
                        <td data-label="Bootcamp"><Link href={`/bootcamps/${encodeURIComponent(c.bootcampId)}/analytics`}>{c.title}</Link></td>
                        <td data-label="Completion">{formatNumber(c.rate * 100, 0)} %</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </LoadState>
    </Page>
  );
}

function RevenueChart({ currency, rows }: { currency: string; rows: MonthRevenue[] }) {
  // uPlot draws plain numbers: major units keep the axis readable.
  const major = (minor: number) => Number(formatPrice(minor, currency).replace(/[^0-9.-]/g, '')) || minor / 100;
  return (
    <Chart title={`Revenue per month (${currency})`} kind="bars" labels={rows.map((r) => r.month)}
      series={[
        { label: 'Net', values: rows.map((r) => major(r.netMinor)), color: '#2f7d4f' },
        { label: 'Refunds', values: rows.map((r) => major(r.refundsMinor)), color: '#b3261e' },
      ]} testId={`chart-revenue-${currency}`}>
      <table class="table" data-testid={`revenue-table-${currency}`}>
        <thead><tr><th scope="col">Month</th><th scope="col">Gross</th><th scope="col">Discounts</th><th scope="col">Refunds</th><th scope="col">Net</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.month}>
              <th scope="row">{r.month}</th>
              <td>{formatPrice(r.grossMinor, currency)}</td>
              <td>{formatPrice(r.discountsMinor, currency)}</td>
              <td>{formatPrice(r.refundsMinor, currency)}</td>
              <td>{formatPrice(r.netMinor, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Chart>
  );
}
