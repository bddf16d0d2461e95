import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/** The frame every home card shares: a titled section, so screen-reader users can jump between cards. */
export function HomeCardFrame(props: { title: string; testId: string; actions?: ComponentChildren; children: ComponentChildren }) {
  const headingId = useId();
  return (
    <section class="home-card" aria-labelledby={headingId} data-testid={props.testId}>
      <div class="home-card-head">
        <h2 id={headingId}>{props.title}</h2>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}
