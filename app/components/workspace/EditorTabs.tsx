import { useEffect, useState } from 'react';

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * Tabs of the files opened in this tab of the browser (most recent last);
 * the active one is the editor's open file. Files deleted meanwhile drop out.
 */
export function EditorTabs(props: {
  files: readonly string[];
  openPath: string | null;
  onOpen(path: string): void;
}) {
  const { files, openPath, onOpen } = props;
  const [tabs, setTabs] = useState<string[]>([]);
  useEffect(() => {
    setTabs((previous) => {
      const kept = previous.filter((path) => files.includes(path));
      if (openPath && !kept.includes(openPath)) kept.push(openPath);
      return kept.length === previous.length && kept.every((p, i) => p === previous[i])
        ? previous
        : kept;
    });
  }, [files, openPath]);

  const close = (path: string) => {
    const index = tabs.indexOf(path);
    const rest = tabs.filter((tab) => tab !== path);
    setTabs(rest);
    if (path === openPath) {
      const next = rest[Math.min(index, rest.length - 1)];
      if (next) onOpen(next);
    }
  };

  if (tabs.length === 0) return <div className="editor-tabs" />;
  return (
    <div className="editor-tabs" role="tablist" aria-label="Open files">
      {tabs.map((path) => (
        <div
          key={path}
          className={`editor-tab${path === openPath ? ' is-active' : ''}`}
          title={path}
        >
          <button
            type="button"
            role="tab"
            aria-selected={path === openPath}
            className="editor-tab-name"
            onClick={() => onOpen(path)}
          >
            {baseName(path)}
          </button>
          {tabs.length > 1 ? (
            <button
              type="button"
              className="editor-tab-close"
              aria-label={`Close ${path}`}
              onClick={() => close(path)}
            >
              ×
            </button>
          ) : null}
        </div>
      ))}
    </div>
  );
}
