import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';

export interface TabDef {
  id: string;
  label: string;
}

/**
 * WAI-ARIA tabs: one tab stop for the tab list, arrow keys / Home / End move between tabs (and
 * select them), and only the selected panel is rendered. When the tabs do not fit (staff on a phone have six)
 * the list scrolls sideways and fades at the edge that hides more, so nobody takes the visible tabs for all of them.
 */
export function Tabs(props: { tabs: readonly TabDef[]; selected: string; onSelect: (id: string) => void; label: string; children: ComponentChildren }) {
  const baseId = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const index = Math.max(0, props.tabs.findIndex((t) => t.id === props.selected));
  const [more, setMore] = useState<{ left: boolean; right: boolean }>({ left: false, right: false });

  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const measure = () => {
      const left = list.scrollLeft > 1;
      const right = list.scrollLeft + list.clientWidth < list.scrollWidth - 1;
      setMore((was) => (was.left === left && was.right === right ? was : { left, right }));
    };
    measure();
    list.addEventListener('scroll', measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(list);
    return () => {
      list.removeEventListener('scroll', measure);
      observer.disconnect();
    };
  }, [props.tabs.length]);

  // The selected tab is always in view, also when it was opened by a link (?tab=…) rather than by scrolling to it.
  useEffect(() => {
    // Sideways only: scrollIntoView would also move the page.
    const list = listRef.current;
    const tab = list?.querySelector<HTMLElement>('[aria-selected="true"]');
    if (!list || !tab) return;
    if (tab.offsetLeft < list.scrollLeft) list.scrollLeft = tab.offsetLeft;
    else if (tab.offsetLeft + tab.offsetWidth > list.scrollLeft + list.clientWidth) list.scrollLeft = tab.offsetLeft + tab.offsetWidth - list.clientWidth;
  }, [props.selected]);

  const focusTab = (i: number) => {
    const tab = props.tabs[(i + props.tabs.length) % props.tabs.length];
    // Every tab button is always rendered, so focus can move at once.
    listRef.current?.querySelector<HTMLElement>(`[data-tab="${tab.id}"]`)?.focus();
    props.onSelect(tab.id);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    switch (event.key) {
      case 'ArrowRight':
        focusTab(index + 1);
        break;
      case 'ArrowLeft':
        focusTab(index - 1);
        break;
      case 'Home':
        focusTab(0);
        break;
      case 'End':
        focusTab(props.tabs.length - 1);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const selected = props.tabs[index];
  return (
    <div class="tabs">
      <div
        role="tablist"
        aria-label={props.label}
        class="tab-list"
        data-more-left={more.left ? '' : undefined}
        data-more-right={more.right ? '' : undefined}
        ref={listRef}
        onKeyDown={onKeyDown}
      >
        {props.tabs.map((tab) => {
          const isSelected = tab.id === selected?.id;
          return (
            <button
              key={tab.id}
              type="button"
              role="tab"
              id={`${baseId}-tab-${tab.id}`}
              data-tab={tab.id}
              data-testid={`tab-${tab.id}`}
              aria-selected={isSelected ? 'true' : 'false'}
              aria-controls={`${baseId}-panel`}
              tabIndex={isSelected ? 0 : -1}
              class="tab"
              onClick={() => props.onSelect(tab.id)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={selected ? `${baseId}-tab-${selected.id}` : undefined} tabIndex={0} class="tab-panel">
        {props.children}
      </div>
    </div>
  );
}
