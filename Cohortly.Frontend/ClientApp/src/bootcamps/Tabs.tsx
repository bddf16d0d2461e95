import type { ComponentChildren } from 'preact';
import { useId, useRef } from 'preact/hooks';

export interface TabDef {
  id: string;
  label: string;
}

/**
 * WAI-ARIA tabs: one tab stop for the tab list, arrow keys / Home / End move between tabs (and
 * select them), and only the selected panel is rendered.
 */
export function Tabs(props: { tabs: readonly TabDef[]; selected: string; onSelect: (id: string) => void; label: string; children: ComponentChildren }) {
  const baseId = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const index = Math.max(0, props.tabs.findIndex((t) => t.id === props.selected));

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
      <div role="tablist" aria-label={props.label} class="tab-list" ref={listRef} onKeyDown={onKeyDown}>
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
