import { useAuth, type AuthState } from './shared/auth';
import { isFeatureOn, useFeatures, type FeatureState } from './shared/features';
import { Layout } from './shared/layout';
import { ForbiddenPage, LoadingPage, NotFoundPage } from './shared/page';
import { currentPath, loginUrl, matchRoute, Redirect, safeReturnTo, useLocation } from './shared/router';
import { routes } from './routes';

function RouteView({ auth, features }: { auth: AuthState; features: FeatureState }) {
  const location = useLocation();
  const match = matchRoute(routes, location.pathname);
  if (!match) return <NotFoundPage />;
  const { route, params } = match;

  if (route.feature) {
    if (features.status === 'loading') return <LoadingPage />;
    if (!isFeatureOn(features, route.feature)) return <NotFoundPage />;
  }

  if (route.access === 'guest') {
    if (auth.status === 'loading') return <LoadingPage label="Checking your session…" />;
    if (auth.status === 'signed-in') {
      const returnTo = safeReturnTo(new URLSearchParams(location.search).get('returnTo'));
      return <Redirect to={returnTo ?? '/'} />;
    }
  }

  if (route.access === 'signed-in' || route.roles) {
    if (auth.status === 'loading') return <LoadingPage label="Restoring your session…" />;
    if (auth.status === 'signed-out') return <Redirect to={loginUrl(currentPath())} />;
    if (route.roles && route.roles.length > 0 && !route.roles.some((role) => auth.user.roles.includes(role))) {
      return <ForbiddenPage />;
    }
  }

  const Component = route.component;
  return <Component key={route.path} params={params} />;
}

export function App() {
  const auth = useAuth();
  const features = useFeatures();
  return (
    <Layout>
      <RouteView auth={auth} features={features} />
    </Layout>
  );
}
