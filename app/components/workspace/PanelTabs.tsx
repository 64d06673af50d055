import { type ReactNode, useId, useState } from 'react';

export interface Panel {
  id: string;
  title: string;
  content: ReactNode;
}

/**
 * A tabbed area for the workspace's side and bottom panels. Every panel stays
 * mounted (hidden when inactive), so a terminal or a chat keeps its state.
 */
export function PanelTabs({
  panels,
  label,
  className,
  active: controlled,
  onSelect,
}: {
  panels: Panel[];
  label: string;
  className?: string;
  /** The active panel when the page controls it (keyboard shortcuts). */
  active?: string;
  onSelect?: (id: string) => void;
}) {
  const [uncontrolled, setUncontrolled] = useState(panels[0]?.id ?? '');
  const active = controlled ?? uncontrolled;
  const setActive = (id: string) => {
    setUncontrolled(id);
    onSelect?.(id);
  };
  const base = useId();
  const current = panels.some((panel) => panel.id === active) ? active : (panels[0]?.id ?? '');
  if (panels.length === 0) return null;
  return (
    <section className={`panel-tabs ${className ?? ''}`} aria-label={label}>
      <div role="tablist" className="panel-tablist" aria-label={label}>
        {panels.map((panel) => (
          <button
            key={panel.id}
            type="button"
            role="tab"
            id={`${base}-tab-${panel.id}`}
            aria-controls={`${base}-panel-${panel.id}`}
            aria-selected={panel.id === current}
            tabIndex={panel.id === current ? 0 : -1}
            className="panel-tab"
            onClick={() => setActive(panel.id)}
            onKeyDown={(event) => {
              if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
              const index = panels.findIndex((p) => p.id === current);
              const step = event.key === 'ArrowRight' ? 1 : -1;
              const next = panels[(index + step + panels.length) % panels.length]!;
              setActive(next.id);
              document.getElementById(`${base}-tab-${next.id}`)?.focus();
            }}
          >
            {panel.title}
          </button>
        ))}
      </div>
      {panels.map((panel) => (
        <div
          key={panel.id}
          role="tabpanel"
          id={`${base}-panel-${panel.id}`}
          aria-labelledby={`${base}-tab-${panel.id}`}
          hidden={panel.id !== current}
          className="panel-body"
        >
          {panel.content}
        </div>
      ))}
    </section>
  );
}
