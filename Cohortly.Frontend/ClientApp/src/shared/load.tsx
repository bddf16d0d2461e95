import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { LoadingPage, Page } from './page';
import { errorMessage } from './problem';

export interface Load<T> {
  /** The last value loaded; kept while a reload runs, so the page does not blank out between pages or refreshes. */
  data: T | null;
  busy: boolean;
  /** What the last load threw (an ApiError for API answers); null once a load succeeds or a retry starts. */
  error: unknown;
  /** Loads again with the same inputs. */
  retry: () => void;
  /** Changes the loaded value in place, for edits the page already knows about (a row graded, an item read). */
  setData: (update: (current: T | null) => T | null) => void;
}

/**
 * Runs `loader` now and whenever one of `inputs` changes (or `retry` is called). The loader gets an
 * AbortSignal that fires when the inputs change or the component unmounts, so a slow answer for an
 * old page never lands on the new one and a left page stops its requests. `data` stays null until a
 * loader resolves to something else: a loader that may find nothing should say so in its value.
 */
export function useLoad<T>(loader: (signal: AbortSignal) => Promise<T>, inputs: readonly unknown[]): Load<T> {
  const [data, setData] = useState<T | null>(null);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  // The loader is a new closure each render; the effect reads the latest one and re-runs on `inputs` only.
  const latestLoader = useRef(loader);
  latestLoader.current = loader;

  useEffect(() => {
    const controller = new AbortController();
    setBusy(true);
    setError(null);
    latestLoader
      .current(controller.signal)
      .then((value) => {
        if (!controller.signal.aborted) setData(() => value);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e);
      })
      .finally(() => {
        if (!controller.signal.aborted) setBusy(false);
      });
    return () => controller.abort();
  }, [...inputs, attempt]);

  return { data, busy, error, retry: () => setAttempt((n) => n + 1), setData: (update) => setData((current) => update(current)) };
}

interface LoadStateProps<T> {
  load: Load<T>;
  /** The progress line while nothing is loaded yet: "Loading the roster…". */
  busyLabel: string;
  /** The start of the error message: "The roster could not be loaded". */
  failure: string;
  /** A whole page: progress and error are shown as a page (titled `page.title`) instead of a line in one. */
  page?: { title: string; testId?: string };
  children: (data: T) => ComponentChildren;
}

/**
 * The states of a `useLoad`: progress until the first answer, the error in words with a retry button,
 * then the content — dimmed and marked busy while a reload (next page, refresh) runs.
 */
export function LoadState<T>({ load, busyLabel, failure, page, children }: LoadStateProps<T>) {
  const problem = load.error ? (
    <div class="alert alert-error" role="alert" data-testid="load-error">
      {failure}: {errorMessage(load.error)}{' '}
      <button type="button" class="btn btn-secondary btn-small" onClick={load.retry} disabled={load.busy}>
        Try again
      </button>
    </div>
  ) : null;

  if (load.data === null) {
    if (problem) {
      return page ? (
        <Page title={page.title} width="narrow" testId={page.testId}>
          {problem}
        </Page>
      ) : (
        problem
      );
    }
    if (page) return <LoadingPage label={busyLabel} />;
    return <ProgressLine label={busyLabel} />;
  }
  // A page is its own frame (a card): it shows a reload's progress itself, on the button that caused it.
  if (page) {
    return (
      <>
        {problem}
        {children(load.data)}
      </>
    );
  }
  return (
    <>
      {problem}
      <div class={load.busy ? 'is-refreshing' : undefined} aria-busy={load.busy ? 'true' : undefined}>
        {children(load.data)}
      </div>
    </>
  );
}

/** A spinner and what is happening, announced politely: for waits that are not a `useLoad` (a role check, a store). */
export function ProgressLine(props: { label: string }) {
  return (
    <p class="loading-inline" role="status" data-testid="loading">
      <span class="spinner spinner-dark" aria-hidden="true" /> {props.label}
    </p>
  );
}
