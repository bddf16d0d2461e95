import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { hasClientNavigated, Link } from './router';

/**
 * The frame of one page: a card with the page heading. The heading takes focus after client-side
 * navigation (see Layout), so screen-reader and keyboard users start at the new page's content.
 */
export function Page(props: { title: string; heading?: string; lead?: ComponentChildren; width?: 'narrow' | 'wide'; testId?: string; children?: ComponentChildren }) {
  useEffect(() => {
    document.title = props.title === 'Cohortly' ? 'Cohortly' : `${props.title} · Cohortly`;
  }, [props.title]);
  return (
    <article class={`card card-${props.width ?? 'wide'}`} data-testid={props.testId}>
      <h1 tabIndex={-1} class={props.lead ? 'page-title' : 'page-title page-title-solo'}>
        {props.heading ?? props.title}
      </h1>
      {props.lead ? <p class="lead">{props.lead}</p> : null}
      {props.children}
    </article>
  );
}

export function LoadingPage(props: { label?: string }) {
  return (
    <div class="card card-narrow loading-card" role="status" aria-live="polite" data-testid="page-loading">
      <span class="spinner spinner-dark" aria-hidden="true" />
      <span>{props.label ?? 'Loading…'}</span>
    </div>
  );
}

export function NotFoundPage() {
  return (
    <Page title="Page not found" width="narrow" testId="not-found" lead="There is no page at this address. It may have moved, or the link may be mistyped.">
      <p class="actions">
        <Link class="btn btn-primary" href="/">
          Back to the start page
        </Link>
      </p>
    </Page>
  );
}

export function ForbiddenPage() {
  return (
    <Page title="Not allowed" width="narrow" testId="forbidden" lead="Your account does not have access to this page. If you think it should, ask an administrator.">
      <p class="actions">
        <Link class="btn btn-secondary" href="/">
          Back to the start page
        </Link>
      </p>
    </Page>
  );
}

/**
 * For pages that load data before they show their heading: once ready, move focus to the heading
 * like Layout does for other pages — only after client-side navigation, and only when focus was lost
 * (the link that was clicked is gone), so it never pulls focus away from where the user is.
 */
export function useFocusHeadingWhenReady(ready: boolean): void {
  useEffect(() => {
    if (!ready || !hasClientNavigated()) return;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
  }, [ready]);
}
