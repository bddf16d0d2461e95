import type { FunctionComponent } from 'preact';
import { AccountPage } from './accounts/AccountPage';
import { ForgotPasswordPage } from './accounts/ForgotPasswordPage';
import { LoginPage } from './accounts/LoginPage';
import { RegisterPage } from './accounts/RegisterPage';
import { ResetPasswordPage } from './accounts/ResetPasswordPage';
import { DashboardButton } from './admin/DashboardButton';
import { UsersPage } from './admin/UsersPage';
import { AnalyticsPage } from './analytics/AnalyticsPage';
import { PlatformPage } from './analytics/PlatformPage';
import { ReportsPage } from './analytics/ReportsPage';
import { AssignmentPage } from './assignments/AssignmentPage';
import { BootcampPage } from './bootcamps/BootcampPage';
import { MyCertificatesPage } from './certificates/MyCertificatesPage';
import { VerifyPage } from './certificates/VerifyPage';
import { CatalogPage } from './bootcamps/CatalogPage';
import { MyBootcampsPage } from './bootcamps/MyBootcampsPage';
import { NewBootcampPage } from './bootcamps/NewBootcampPage';
import { EmailSettingsPage } from './email/EmailSettingsPage';
import { MailboxPage } from './email/MailboxPage';
import { OutboxPage } from './email/OutboxPage';
import { MyFilesPage } from './files/MyFilesPage';
import { HomePage } from './home/HomePage';
import { NotificationsPage } from './notifications/NotificationsPage';
import { BootcampPaymentsPage } from './payments/BootcampPaymentsPage';
import { CouponsPage } from './payments/CouponsPage';
import { MyPaymentsPage } from './payments/MyPaymentsPage';
import { PayPage } from './payments/PayPage';
import { BillingPortalPage } from './payments/BillingPortalPage';
import { SubscribePayPage } from './payments/SubscribePayPage';
import { SubscriptionPage } from './payments/SubscriptionPage';
import { UnreadBadge } from './notifications/UnreadBadge';
import { SessionPage } from './liveclasses/SessionPage';
import type { Role } from './shared/auth';

/**
 * The route table: every page and nav entry of the web app, with who may see it.
 *
 * Adding a page is one entry here (plus the page component in its feature folder), e.g.
 *   { path: '/forums', title: 'Forums', component: ForumsPage, access: 'signed-in', feature: 'forums',
 *     nav: { label: 'Forums', section: 'main' } },
 *   { path: '/bootcamps/:bootcampId', title: 'Bootcamp', component: BootcampPage, access: 'public' },
 *
 * access: 'public' = anyone; 'guest' = signed-out visitors only (signed-in users are sent on to
 * `?returnTo=` or their home, /); 'signed-in' = signed-out visitors are sent to /login?returnTo=….
 * roles: any one of them is enough (signed-in users without it see "Not allowed").
 * feature: the page and its nav entry exist only while GET /api/features says the feature is on.
 */
export type Access = 'public' | 'guest' | 'signed-in';
/** main: the header's row; account: the personal pages under one "Account" menu; admin: under the "Admin" menu. */
export type NavSection = 'main' | 'account' | 'admin';

export interface PageProps {
  params: Record<string, string>;
}

export interface PageRoute {
  path: string;
  title: string;
  component: FunctionComponent<PageProps>;
  access: Access;
  roles?: readonly Role[];
  feature?: string;
  /** badge: shown inside the nav link after the label (e.g. the unread count). */
  nav?: { label: string; section: NavSection; match?: 'exact' | 'prefix'; badge?: FunctionComponent };
}

const admin: readonly Role[] = ['admin'];
const bootcampCreators: readonly Role[] = ['admin', 'instructor'];
const staff: readonly Role[] = ['admin', 'instructor', 'mentor'];

export const routes: readonly PageRoute[] = [
  { path: '/', title: 'Home', component: HomePage, access: 'public', nav: { label: 'Home', section: 'main', match: 'exact' } },
  { path: '/bootcamps', title: 'Bootcamps', component: CatalogPage, access: 'public', nav: { label: 'Bootcamps', section: 'main' } },
  // Before '/bootcamps/:bootcampId': the first matching route wins.
  { path: '/bootcamps/new', title: 'New bootcamp', component: NewBootcampPage, access: 'signed-in', roles: bootcampCreators },
  { path: '/bootcamps/:bootcampId/analytics', title: 'Bootcamp analytics', component: AnalyticsPage, access: 'signed-in', feature: 'analytics' },
  { path: '/bootcamps/:bootcampId', title: 'Bootcamp', component: BootcampPage, access: 'public' },
  { path: '/me/bootcamps', title: 'My bootcamps', component: MyBootcampsPage, access: 'signed-in', nav: { label: 'My bootcamps', section: 'main' } },
  { path: '/assignments/:assignmentId', title: 'Assignment', component: AssignmentPage, access: 'signed-in' },
  { path: '/sessions/:sessionId', title: 'Live class', component: SessionPage, access: 'signed-in', feature: 'liveClasses' },
  { path: '/notifications', title: 'Notifications', component: NotificationsPage, access: 'signed-in', nav: { label: 'Notifications', section: 'main', badge: UnreadBadge } },
  { path: '/me/certificates', title: 'My certificates', component: MyCertificatesPage, access: 'signed-in', feature: 'certificates', nav: { label: 'My certificates', section: 'account' } },
  { path: '/verify/:certificateId', title: 'Verify a certificate', component: VerifyPage, access: 'public', feature: 'certificates' },
  { path: '/me/files', title: 'My files', component: MyFilesPage, access: 'signed-in', nav: { label: 'My files', section: 'account' } },
  { path: '/me/payments', title: 'My payments', component: MyPaymentsPage, access: 'signed-in', feature: 'payments', nav: { label: 'My payments', section: 'account' } },
  { path: '/pay/:paymentId', title: 'Checkout', component: PayPage, access: 'signed-in', feature: 'payments' },
  { path: '/subscription', title: 'Subscription', component: SubscriptionPage, access: 'signed-in', roles: ['student'], feature: 'payments', nav: { label: 'Subscription', section: 'account' } },
  { path: '/pay/subscriptions/:subscriptionId', title: 'Subscribe', component: SubscribePayPage, access: 'signed-in', feature: 'payments' },
  { path: '/billing/portal', title: 'Billing', component: BillingPortalPage, access: 'signed-in', feature: 'payments' },
  { path: '/account', title: 'My account', component: AccountPage, access: 'signed-in', nav: { label: 'My account', section: 'account' } },
  { path: '/login', title: 'Log in', component: LoginPage, access: 'guest', nav: { label: 'Log in', section: 'main' } },
  { path: '/register', title: 'Register', component: RegisterPage, access: 'guest', nav: { label: 'Register', section: 'main' } },
  { path: '/forgot-password', title: 'Forgot password', component: ForgotPasswordPage, access: 'public' },
  { path: '/reset-password', title: 'Reset password', component: ResetPasswordPage, access: 'public' },
  { path: '/admin/users', title: 'Users', component: UsersPage, access: 'signed-in', roles: admin, nav: { label: 'Users', section: 'admin' } },
  { path: '/admin/bootcamps/:bootcampId/payments', title: 'Bootcamp payments', component: BootcampPaymentsPage, access: 'signed-in', roles: admin, feature: 'payments' },
  { path: '/reports', title: 'Reports', component: ReportsPage, access: 'signed-in', roles: staff, feature: 'analytics', nav: { label: 'Reports', section: 'main' } },
  { path: '/admin/platform', title: 'Platform', component: PlatformPage, access: 'signed-in', roles: admin, feature: 'analytics', nav: { label: 'Platform', section: 'admin' } },
  { path: '/admin/coupons', title: 'Coupons', component: CouponsPage, access: 'signed-in', roles: admin, feature: 'payments', nav: { label: 'Coupons', section: 'admin' } },
  { path: '/settings/email', title: 'Email settings', component: EmailSettingsPage, access: 'signed-in' },
  { path: '/admin/email', title: 'Email outbox', component: OutboxPage, access: 'signed-in', roles: admin, nav: { label: 'Email outbox', section: 'admin' } },
  { path: '/admin/mailbox', title: 'Dev mailbox', component: MailboxPage, access: 'signed-in', roles: admin, feature: 'devMailbox', nav: { label: 'Dev mailbox', section: 'admin' } },
];

interface NavEntryBase {
  label: string;
  section: NavSection;
  access: Access;
  roles?: readonly Role[];
  feature?: string;
}

/** A nav entry: a client-side page, a server page (full navigation), or a component (e.g. a button). */
export type NavEntry =
  | (NavEntryBase & { kind: 'route'; path: string; match?: 'exact' | 'prefix'; badge?: FunctionComponent })
  | (NavEntryBase & { kind: 'external'; href: string })
  | (NavEntryBase & { kind: 'component'; component: FunctionComponent<{ label: string }> });

/** Nav entries that are not pages of this app. */
const extraNav: readonly NavEntry[] = [
  { kind: 'external', label: 'API reference', href: '/api-reference', section: 'admin', access: 'signed-in', roles: admin, feature: 'apiReference' },
  { kind: 'component', label: 'Orleans dashboard', component: DashboardButton, section: 'admin', access: 'signed-in', roles: admin, feature: 'dashboard' },
];

export const navEntries: readonly NavEntry[] = [
  ...routes
    .filter((r) => r.nav)
    .map(
      (r): NavEntry => ({
        kind: 'route',
        path: r.path,
        label: r.nav!.label,
        section: r.nav!.section,
        match: r.nav!.match,
        badge: r.nav!.badge,
        access: r.access,
        roles: r.roles,
        feature: r.feature,
      }),
    ),
  ...extraNav,
];
