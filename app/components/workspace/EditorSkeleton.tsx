const WIDTHS = [42, 68, 55, 30, 74, 61, 20, 48, 66, 37, 58, 25];

/** Stands in for Monaco while the editor bundle downloads. */
export function EditorSkeleton() {
  return (
    <div className="editor-skeleton" role="status" aria-busy="true" aria-label="Loading the editor">
      {WIDTHS.map((width) => (
        <div key={width} className="skeleton editor-skeleton-line" style={{ width: `${width}%` }} />
      ))}
    </div>
  );
}
