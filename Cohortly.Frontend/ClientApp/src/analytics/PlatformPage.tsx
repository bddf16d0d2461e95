import { getPlatformAnalytics, getReport, type MonthRevenue } from './api';
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
            <RevenuePerBootcamp />
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

// uPlot draws plain numbers: major units keep the axis readable.
const major = (minor: number, currency: string) => Number(formatPrice(minor, currency).replace(/[^0-9.-]/g, '')) || minor / 100;

function RevenueChart({ currency, rows }: { currency: string; rows: MonthRevenue[] }) {
  return (
    <Chart title={`Revenue per month (${currency})`} kind="bars" labels={rows.map((r) => r.month)}
      series={[
        { label: 'Net', values: rows.map((r) => major(r.netMinor, currency)), color: '#2f7d4f' },
        { label: 'Refunds', values: rows.map((r) => major(r.refundsMinor, currency)), color: '#b3261e' },
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

/** Revenue per bootcamp and currency over the whole history, from the revenue report (`metric=revenue&groupBy=bootcamp`). */
function RevenuePerBootcamp() {
  const report = useLoad((signal) => getReport({ metric: 'revenue', groupBy: 'bootcamp', from: '', to: '', bootcampId: '' }, signal), []);
  return (
    <section aria-labelledby="revenue-bootcamp-heading">
      <h2 id="revenue-bootcamp-heading">Revenue per bootcamp</h2>
      <LoadState load={report} busyLabel="Adding up each bootcamp's revenue…" failure="The revenue per bootcamp could not be loaded">
        {(r) => {
          // Rows: bootcampId, bootcamp, currency, gross, discounts, refunds, net (minor units).
          const rows = r.rows.map((row) => ({
            bootcampId: String(row[0]), title: String(row[1]), currency: String(row[2]),
            gross: Number(row[3]), discounts: Number(row[4]), refunds: Number(row[5]), net: Number(row[6]),
          })).filter((row) => row.gross !== 0 || row.refunds !== 0);
          if (rows.length === 0) return <p class="muted">No bootcamp has taken a payment yet.</p>;
          return (
            <div class="analytics-grid">
              {[...new Set(rows.map((row) => row.currency))].map((currency) => {
                const mine = rows.filter((row) => row.currency === currency);
                return (
                  <Chart key={currency} title={`Net revenue per bootcamp (${currency})`} kind="bars" labels={mine.map((row) => row.title)}
                    series={[{ label: 'Net', values: mine.map((row) => major(row.net, currency)), color: '#2f7d4f' }]} testId={`chart-revenue-bootcamp-${currency}`}>
                    <table class="table" data-testid={`revenue-bootcamp-table-${currency}`}>
                      <thead><tr><th scope="col">Bootcamp</th><th scope="col">Gross</th><th scope="col">Discounts</th><th scope="col">Refunds</th><th scope="col">Net</th></tr></thead>
                      <tbody>
                        {mine.map((row) => (
                          <tr key={row.bootcampId}>
                            <th scope="row"><Link href={`/bootcamps/${encodeURIComponent(row.bootcampId)}/analytics`}>{row.title}</Link></th>
                            <td>{formatPrice(row.gross, currency)}</td>
                            <td>{formatPrice(row.discounts, currency)}</td>
                            <td>{formatPrice(row.refunds, currency)}</td>
                            <td>{formatPrice(row.net, currency)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </Chart>
                );
              })}
            </div>
          );
        }}
      </LoadState>
    </section>
  );
}
