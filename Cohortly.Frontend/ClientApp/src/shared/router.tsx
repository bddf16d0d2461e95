import type { ComponentChildren, TargetedMouseEvent } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import { createStore, useStore } from './store';

/** A minimal history-API router: the server falls back to index.html for unknown non-API paths. */
export interface Location {
  pathname: string;
  search: string;
  /** history.state of the entry: used to carry one-off notices between pages. */
  state: NavigationState | null;
}

export interface NavigationState {
  notice?: string;
}

function readLocation(): Location {
  const state = history.state as NavigationState | null;
  return { pathname: location.pathname, search: location.search, state: state ?? null };
}

export const locationStore = createStore<Location>(readLocation());

let clientNavigations = 0;

window.addEventListener('popstate', () => {
  clientNavigations++;
  locationStore.set(readLocation());
});

/** Whether the app has moved between pages without a full page load (for focus management). */
export function hasClientNavigated(): boolean {
  return clientNavigations > 0;
}

export function navigate(to: string, options: { replace?: boolean; state?: NavigationState } = {}): void {
  const url = new URL(to, location.origin);
  const target = url.pathname + url.search + url.hash;
  const current = location.pathname + location.search + location.hash;
  if (options.replace || target === current) history.replaceState(options.state ?? null, '', target);
  else history.pushState(options.state ?? null, '', target);
  clientNavigations++;
  locationStore.set(readLocation());
  if (!url.hash) window.scrollTo(0, 0);
}

export function useLocation(): Location {
  return useStore(locationStore);
}

export function useQuery(): URLSearchParams {
  return new URLSearchParams(useLocation().search);
}

/**
 * Only same-origin paths may be redirect targets (no "//evil.example" or "https://…"), so a crafted
 * `?returnTo=` can't send a user elsewhere.
 */
export function safeReturnTo(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  return value;
}

/** The current path plus query, for `?returnTo=`. */
export function currentPath(): string {
  return location.pathname + location.search;
}

export function loginUrl(returnTo: string): string {
  return `/login?returnTo=${encodeURIComponent(returnTo)}`;
}

export interface LinkProps {
  href: string;
  class?: string;
  id?: string;
  title?: string;
  'aria-label'?: string;
  'data-testid'?: string;
  onClick?: (event: TargetedMouseEvent<HTMLAnchorElement>) => void;
  children?: ComponentChildren;
  /** Marks the link with aria-current="page" when its path is the current one. */
  activeMatch?: 'exact' | 'prefix';
}

/** An ordinary <a> whose plain left-clicks are routed client-side. */
export function Link({ href, activeMatch, onClick, children, ...rest }: LinkProps) {
  const { pathname } = useLocation();
  const path = href.split(/[?#]/)[0];
  const active =
    activeMatch === 'exact' ? pathname === path : activeMatch === 'prefix' ? pathname === path || pathname.startsWith(path + '/') : false;

  const handleClick = (event: TargetedMouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };

  return (
    <a {...rest} href={href} onClick={handleClick} aria-current={active ? 'page' : undefined}>
      {children}
    </a>
  );
}

/** Replaces the current history entry; used by route guards. */
export function Redirect({ to, state }: { to: string; state?: NavigationState }) {
  useLayoutEffect(() => navigate(to, { replace: true, state }), [to]);
  return null;
}

export interface RouteMatch<R> {
  route: R;
  params: Record<string, string>;
}

/** Matches "/bootcamps/:id"-style patterns; the first matching route wins. */
export function matchRoute<R extends { path: string }>(routes: readonly R[], pathname: string): RouteMatch<R> | null {
  const normalized = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const parts = normalized.split('/');
  for (const route of routes) {
    const pattern = route.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pattern.length; i++) {
      if (pattern[i].startsWith(':')) {
        try {
          params[pattern[i].slice(1)] = decodeURIComponent(parts[i]);
        } catch {
          ok = false;
        }
      } else if (pattern[i] !== parts[i]) ok = false;
      if (!ok) break;
    }
    if (ok) return { route, params };
  }
  return null;
}
