/** Previous / next paging for `{ items, page, pageSize, total }` lists. Renders nothing for a single page. */
export function Pager(props: { page: number; pageSize: number; total: number; onPage: (page: number) => void; busy?: boolean; label: string; testId?: string }) {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (pages <= 1 && props.page <= 1) return null;
  return (
    <nav class="pager" aria-label={props.label} data-testid={props.testId ?? 'pager'}>
      <button type="button" class="btn btn-secondary btn-small" disabled={props.busy || props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
        <span aria-hidden="true">←</span> Previous
      </button>
      <span class="pager-status" aria-live="polite">
        Page {props.page} of {pages}
      </span>
      <button type="button" class="btn btn-secondary btn-small" disabled={props.busy || props.page >= pages} onClick={() => props.onPage(props.page + 1)}>
        Next <span aria-hidden="true">→</span>
      </button>
    </nav>
  );
}
