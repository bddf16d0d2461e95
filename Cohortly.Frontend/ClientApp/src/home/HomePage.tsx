import { useEffect } from 'preact/hooks';
import { getHome } from './api';
import { homeCardComponent } from './cards';
import { HomeCardFrame } from './HomeCard';
import { onConnected, onNotification } from '../notifications/live';
import { useAuth } from '../shared/auth';
import { LoadState, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { Link } from '../shared/router';
import './home.css';

// Every feature's `*Card.tsx` registers its card when loaded; listing them here by pattern keeps the page unedited
// when a feature adds one.
import.meta.glob('../*/*Card.tsx', { eager: true });

const RELOAD_DELAY_MS = 400;

const highlights = [
  { title: 'Learn in cohorts', text: 'Join a bootcamp with a start date, a group of peers and a clear schedule.' },
  { title: 'Instructors and mentors', text: 'Instructors set and grade assignments; mentors coach you along the way.' },
  { title: 'Submit and get feedback', text: 'Hand in work, see every version you sent, and follow your progress.' },
  { title: 'Graduate with proof', text: 'Finish the bootcamp and receive a certificate anyone can verify.' },
];

export function HomePage() {
  const auth = useAuth();
  if (auth.status === 'signed-in') {
    return (
      <Page title="Home" heading={`Welcome back, ${auth.user.displayName}`} testId="home-page" lead="What needs you next, across your bootcamps.">
        <SignedInHome />
      </Page>
    );
  }
  return (
    <Page title="Cohortly" heading="Welcome to Cohortly" testId="home-page" lead="Cohort-based bootcamps: enroll, learn with your group, submit work and graduate together.">
      {auth.status === 'signed-out' ? (
        <p class="actions" data-testid="home-signed-out">
          <Link class="btn btn-primary" href="/register">
            Create an account
          </Link>
          <Link class="btn btn-secondary" href="/login">
            I already have an account
          </Link>
          <Link class="btn btn-secondary" href="/bootcamps">
            Browse bootcamps
          </Link>
        </p>
      ) : null}
      <ul class="highlights">
        {highlights.map((h) => (
          <li key={h.title} class="highlight">
            <h2>{h.title}</h2>
            <p>{h.text}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}

/** The cards `GET /api/me/home` returns, in its order; reloaded when a notification says something changed. */
function SignedInHome() {
  const home = useLoad((signal) => getHome(signal), []);
  useEffect(() => {
    // A burst (an announcement, a class submitting at the deadline) becomes one reload, not one per message.
    let timer: number | undefined;
    const reloadSoon = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(home.retry, RELOAD_DELAY_MS);
    };
    const offNotification = onNotification(reloadSoon);
    const offConnected = onConnected(reloadSoon);
    return () => {
      window.clearTimeout(timer);
      offNotification();
      offConnected();
    };
  }, []);
  return (
    <LoadState load={home} busyLabel="Loading your home…" failure="Your home could not be loaded">
      {(loaded) => {
        const cards = loaded.cards.filter((card) => card.error !== null || homeCardComponent(card.kind));
        return cards.length === 0 ? (
          <div class="empty" data-testid="home-empty">
            <p>Nothing needs you yet. Find a bootcamp to join.</p>
            <p class="actions">
              <Link class="btn btn-primary" href="/bootcamps">
                Browse bootcamps
              </Link>
            </p>
          </div>
        ) : (
          <div class="home-cards" data-testid="home-cards">
            {cards.map((card) => {
              const Component = homeCardComponent(card.kind);
              if (card.error !== null || !Component) {
                return (
                  <HomeCardFrame key={card.kind} title="Not available right now" testId="home-card-error">
                    <p class="alert alert-error" role="alert">
                      {card.error}
                    </p>
                  </HomeCardFrame>
                );
              }
              return <Component key={card.kind} data={card.data} />;
            })}
          </div>
        );
      }}
    </LoadState>
  );
}
