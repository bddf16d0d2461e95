import { useEffect, useState } from 'preact/hooks';
import { searchBootcamps, type BootcampSummary } from './api';
import { hasRole, useAuth } from '../shared/auth';
import { formatDateRange, formatPrice, plural } from '../shared/format';
import { SubmitButton, TextField } from '../shared/forms';
import { LoadState, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { Pager } from '../shared/pager';
import { Link, navigate, useQuery } from '../shared/router';
import './bootcamps.css';

const PAGE_SIZE = 12;

function catalogUrl(q: string, tag: string, page = 1): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (tag) params.set('tag', tag);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `/bootcamps?${text}` : '/bootcamps';
}

/** The public catalog: search (q), a tag filter and pages, all kept in the URL so results can be linked. */
export function CatalogPage() {
  const auth = useAuth();
  const query = useQuery();
  const q = query.get('q') ?? '';
  const tag = query.get('tag') ?? '';
  const page = Math.max(1, Number(query.get('page')) || 1);

  const [qInput, setQInput] = useState(q);
  const [tagInput, setTagInput] = useState(tag);
  const results = useLoad((signal) => searchBootcamps({ q, tag, page, pageSize: PAGE_SIZE }, signal), [q, tag, page]);

  useEffect(() => {
    setQInput(q);
    setTagInput(tag);
  }, [q, tag]);

  const onSearch = (event: Event) => {
    event.preventDefault();
    const url = catalogUrl(qInput.trim(), tagInput.trim());
    if (url === catalogUrl(q, tag)) results.retry();
    else navigate(url);
  };

  const canCreate = hasRole(auth, 'admin') || hasRole(auth, 'instructor');
  const filtered = q !== '' || tag !== '';

  return (
    <Page title="Bootcamps" testId="catalog-page" lead="Find a cohort that fits: search by topic, filter by tag, and enroll.">
      {canCreate ? (
        <p class="page-actions">
          <Link class="btn btn-primary" href="/bootcamps/new" data-testid="new-bootcamp-button">
            <span aria-hidden="true">+</span> New bootcamp
          </Link>
        </p>
      ) : null}
      <form class="catalog-search" role="search" onSubmit={onSearch} noValidate>
        <TextField label="Search" name="q" type="search" value={qInput} onValue={setQInput} autoComplete="off" markOptional={false} placeholder="Title or description" />
        <TextField label="Tag" name="tag" value={tagInput} onValue={setTagInput} autoComplete="off" markOptional={false} placeholder="e.g. python" spellcheck={false} />
        <SubmitButton busy={results.busy && results.data !== null} busyLabel="Searching…">
          Search
        </SubmitButton>
      </form>
      {filtered ? (
        <p class="catalog-filter muted" data-testid="catalog-filter">
          {q ? (
            <>
              Matching “<strong>{q}</strong>”{' '}
            </>
          ) : null}
          {tag ? (
            <>
              Tagged <span class="tag">{tag}</span>{' '}
            </>
          ) : null}
          <Link href="/bootcamps">Clear filters</Link>
        </p>
      ) : null}

      <LoadState load={results} busyLabel="Loading bootcamps…" failure="The bootcamps could not be loaded">
        {(result) => (
          <section aria-label="Results">
            <p class="muted small" role="status">
              {result.total === 0 ? '' : `${plural(result.total, 'bootcamp')}${filtered ? ' found' : ''}`}
            </p>
            {result.items.length === 0 ? (
              <div class="empty" data-testid="catalog-empty">
                <p>{filtered ? 'No bootcamp matches your search.' : 'There are no bootcamps yet.'}</p>
                {canCreate && !filtered ? <p>Open the first one with “New bootcamp”.</p> : null}
              </div>
            ) : (
              <ul class="bootcamp-cards">
                {result.items.map((b) => (
                  <li key={b.bootcampId}>
                    <BootcampCard bootcamp={b} />
                  </li>
                ))}
              </ul>
            )}
            <Pager page={result.page} pageSize={result.pageSize} total={result.total} busy={results.busy} label="Catalog pages" onPage={(p) => navigate(catalogUrl(q, tag, p))} />
          </section>
        )}
      </LoadState>
    </Page>
  );
}

function BootcampCard({ bootcamp: b }: { bootcamp: BootcampSummary }) {
  const href = `/bootcamps/${encodeURIComponent(b.bootcampId)}`;
  const summary = b.description.length > 160 ? `${b.description.slice(0, 157).trimEnd()}…` : b.description;
  return (
    <article class="bootcamp-card" data-testid="bootcamp-card">
      <h2 class="bootcamp-card-title">
        <Link href={href}>{b.title}</Link>
      </h2>
      <p class="bootcamp-card-dates">{formatDateRange(b.startsAt, b.endsAt)}</p>
      {summary ? <p class="bootcamp-card-summary">{summary}</p> : null}
      <p class="bootcamp-card-facts">
        <span class={`seats${b.seatsLeft <= 0 ? ' seats-full' : ''}`} data-testid="seats-left">
          {b.seatsLeft <= 0 ? 'Full' : `${plural(b.seatsLeft, 'seat')} left`}
        </span>
        <span class="price" data-testid="price">
          {formatPrice(b.priceMinor, b.currency)}
        </span>
      </p>
      {b.tags.length > 0 ? (
        <ul class="tags">
          {b.tags.map((t) => (
            <li key={t}>
              <Link class="tag" href={catalogUrl('', t)} title={`Show bootcamps tagged ${t}`}>
                {t}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
