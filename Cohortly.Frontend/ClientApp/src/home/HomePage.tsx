import { hasRole, useAuth } from '../shared/auth';
import { Page } from '../shared/page';
import { Link } from '../shared/router';
import './home.css';

const highlights = [
  { title: 'Learn in cohorts', text: 'Join a bootcamp with a start date, a group of peers and a clear schedule.' },
  { title: 'Instructors and mentors', text: 'Instructors set and grade assignments; mentors coach you along the way.' },
  { title: 'Submit and get feedback', text: 'Hand in work, see every version you sent, and follow your progress.' },
  { title: 'Graduate with proof', text: 'Finish the bootcamp and receive a certificate anyone can verify.' },
];

export function HomePage() {
  const auth = useAuth();
  return (
    <Page title="Cohortly" heading="Welcome to Cohortly" testId="home-page" lead="Cohort-based bootcamps: enroll, learn with your group, submit work and graduate together.">
      {auth.status === 'signed-in' ? (
        <div class="home-welcome" data-testid="home-signed-in">
          <p>
            Good to see you, <strong>{auth.user.displayName}</strong>.
          </p>
          <p class="actions">
            <Link class="btn btn-primary" href="/me/bootcamps">
              My bootcamps
            </Link>
            <Link class="btn btn-secondary" href="/bootcamps">
              Browse bootcamps
            </Link>
            <Link class="btn btn-secondary" href="/account">
              View your profile
            </Link>
            {hasRole(auth, 'admin') ? (
              <Link class="btn btn-secondary" href="/admin/users">
                Manage roles
              </Link>
            ) : null}
          </p>
        </div>
      ) : auth.status === 'signed-out' ? (
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
