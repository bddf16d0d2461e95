import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { logout, useAuth, type AuthState } from './auth';
import { isFeatureOn, useFeatures, type FeatureState } from './features';
import { Link, navigate, useLocation } from './router';
import { toast, ToastRegion } from './toasts';
import { errorMessage } from './problem';
import { navEntries, type NavEntry } from '../routes';
import { startLive } from '../notifications/live';

/** Whether a page or nav entry is visible to this user with these feature flags. */
export function isVisible(entry: Pick<NavEntry, 'access' | 'roles' | 'feature'>, auth: AuthState, features: FeatureState): boolean {
  if (!isFeatureOn(features, entry.feature)) return false;
  switch (entry.access) {
    case 'public':
      break;
    case 'guest':
      if (auth.status !== 'signed-out') return false;
      break;
    case 'signed-in':
      if (auth.status !== 'signed-in') return false;
      break;
  }
  if (entry.roles && entry.roles.length > 0) {
    return auth.status === 'signed-in' && entry.roles.some((role) => auth.user.roles.includes(role));
  }
  return true;
}

function NavItem({ entry }: { entry: NavEntry }) {
  if (entry.kind === 'route') {
    const Badge = entry.badge;
    return (
      <li>
        <Link class="nav-link" href={entry.path} activeMatch={entry.match ?? (entry.path === '/' ? 'exact' : 'prefix')}>
          {entry.label}
          {Badge ? <Badge /> : null}
        </Link>
      </li>
    );
  }
  if (entry.kind === 'external') {
    // A server-rendered page: a full page navigation, not the client router.
    return (
      <li>
        <a class="nav-link" href={entry.href}>
          {entry.label}
        </a>
      </li>
    );
  }
  const Action = entry.component;
  return (
    <li>
      <Action label={entry.label} />
    </li>
  );
}

function UserMenu() {
  const auth = useAuth();
  const [busy, setBusy] = useState(false);
  if (auth.status !== 'signed-in') return null;
  const onLogout = async () => {
    setBusy(true);
    try {
      // Leave signed-in pages first, so their guard does not send us to /login?returnTo=….
      navigate('/');
      await logout();
      toast.success('You have been logged out.');
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="user-menu">
      <span class="user-avatar" aria-hidden="true">
        {initials(auth.user.displayName)}
      </span>
      <span class="user-name" data-testid="current-user" title={auth.user.email}>
        {auth.user.displayName}
      </span>
      <button type="button" class="btn btn-ghost btn-small" onClick={onLogout} disabled={busy} aria-busy={busy ? 'true' : undefined} data-testid="logout-button">
        {busy ? <span class="spinner spinner-dark" aria-hidden="true" /> : null}
        {busy ? 'Logging out…' : 'Log out'}
      </button>
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase() || '?';
}

/**
 * A disclosure (button + what it shows) that closes on Escape (focus back on its button), on a click or focus
 * elsewhere, and on navigation.
 */
function useDisclosure() {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const { pathname } = useLocation();
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!boxRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    event.preventDefault();
    event.stopPropagation();
    setOpen(false);
    buttonRef.current?.focus();
  };
  const onFocusOut = (event: FocusEvent) => {
    const next = event.relatedTarget as Node | null;
    if (next && !boxRef.current?.contains(next)) setOpen(false);
  };
  return { open, setOpen, buttonRef, boxRef, onKeyDown, onFocusOut };
}

/**
 * Links under one button on wide screens (the personal pages under "Account", the admin pages under "Admin"), so the
 * header stays one row as features add pages; on a phone they are listed, under their label, in the open menu.
 */
function NavMenu({ label, navLabel, entries, testId }: { label: string; navLabel: string; entries: NavEntry[]; testId: string }) {
  const menu = useDisclosure();
  const listId = useId();
  return (
    <div class={`nav nav-menu${menu.open ? ' is-open' : ''}`} ref={menu.boxRef} onKeyDown={menu.onKeyDown} onFocusOut={menu.onFocusOut} data-testid={`nav-${testId}`}>
      <button
        ref={menu.buttonRef}
        type="button"
        class="nav-link nav-button nav-menu-button"
        aria-expanded={menu.open ? 'true' : 'false'}
        aria-controls={listId}
        onClick={() => menu.setOpen(!menu.open)}
        data-testid={`${testId}-menu-button`}
      >
        {label}
        <svg class="chevron" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
          <path d="M2.5 4.5 6 8l3.5-3.5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
      </button>
      <nav id={listId} class="nav-menu-list" aria-label={navLabel}>
        <span class="nav-section-label nav-menu-label" aria-hidden="true">
          {label}
        </span>
        <ul class="nav-list">
          {entries.map((entry) => (
            <NavItem key={entry.label} entry={entry} />
          ))}
        </ul>
      </nav>
    </div>
  );
}

function Header() {
  const auth = useAuth();
  const features = useFeatures();
  const menu = useDisclosure();
  const visible = navEntries.filter((e) => isVisible(e, auth, features));
  const main = visible.filter((e) => e.section === 'main');
  const account = visible.filter((e) => e.section === 'account');
  const admin = visible.filter((e) => e.section === 'admin');
  return (
    <header class="site-header">
      <div class="container header-inner" ref={menu.boxRef} onKeyDown={menu.onKeyDown}>
        <Link href="/" class="brand" data-testid="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Cohortly</span>
        </Link>
        <button
          ref={menu.buttonRef}
          type="button"
          class="btn btn-ghost menu-button"
          aria-expanded={menu.open ? 'true' : 'false'}
          aria-controls="site-menu"
          onClick={() => menu.setOpen(!menu.open)}
          data-testid="menu-button"
        >
          <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">
            <path d={menu.open ? 'M5 5l10 10M15 5 5 15' : 'M3 5.5h14M3 10h14M3 14.5h14'} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
          </svg>
          Menu
        </button>
        <div id="site-menu" class={`nav-group${menu.open ? ' is-open' : ''}`}>
          <nav class="nav" aria-label="Main" data-testid="nav-main">
            <ul class="nav-list">
              {main.map((entry) => (
                <NavItem key={entry.label} entry={entry} />
              ))}
            </ul>
          </nav>
          {account.length > 0 ? <NavMenu label="Account" navLabel="Your account" entries={account} testId="account" /> : null}
          {admin.length > 0 ? <NavMenu label="Admin" navLabel="Administration" entries={admin} testId="admin" /> : null}
        </div>
        <UserMenu />
      </div>
    </header>
  );
}

/** Header, main landmark, footer and toasts around the current page. */
export function Layout({ children }: { children: ComponentChildren }) {
  const { pathname } = useLocation();
  const first = useRef(true);

  // The live connection (notifications, chat, presence) follows the session from here on.
  useEffect(() => startLive(), []);

  // After client-side navigation, move focus to the new page's heading (not on the first load).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const frame = requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true }));
    return () => cancelAnimationFrame(frame);
  }, [pathname]);

  return (
    <div class="app">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" class="main" tabIndex={-1}>
        <div class="container">{children}</div>
      </main>
      <footer class="site-footer">
        <div class="container footer-inner">
          <span>© Cohortly</span>
          <span class="footer-sep" aria-hidden="true">
            ·
          </span>
          <span>Cohort-based bootcamps, together.</span>
        </div>
      </footer>
      <ToastRegion />
    </div>
  );
}
