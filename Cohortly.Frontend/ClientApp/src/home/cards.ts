import type { FunctionComponent } from 'preact';

/**
 * The home's card registry. A feature adds a card by putting a `<Name>Card.tsx` in its folder that calls
 * `registerHomeCard('<feature>.<card>', Component)` for the `kind` its back-end card answers with (the home page
 * loads every such file), so payments, live classes or certificates add cards without editing the page.
 */
export type HomeCardComponent<T> = FunctionComponent<{ data: T }>;

const registry = new Map<string, HomeCardComponent<never>>();

export function registerHomeCard<T>(kind: string, component: HomeCardComponent<T>): void {
  registry.set(kind, component as HomeCardComponent<never>);
}

/** The component for a card kind; undefined for a kind this build does not know (a newer server): the page skips it. */
export function homeCardComponent(kind: string): HomeCardComponent<unknown> | undefined {
  return registry.get(kind) as HomeCardComponent<unknown> | undefined;
}
