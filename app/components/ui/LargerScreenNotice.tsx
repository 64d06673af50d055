/**
 * Shown instead of a workspace-sized page (interview, observer, replay) when
 * the window is narrower than it needs; CSS decides which of the two shows
 * (`.needs-larger-screen` in app.css), so nothing flickers on hydration.
 */
export function LargerScreenNotice(props: { what: string; minWidth?: number }) {
  const minWidth = props.minWidth ?? 960;
  return (
    <div className="needs-larger-screen" role="note">
      <h1>This page needs a larger screen</h1>
      <p>
        The {props.what} shows an editor, files and panels side by side, and needs a window at least{' '}
        {minWidth} pixels wide. Open it on a laptop or desktop computer, or widen this window.
      </p>
    </div>
  );
}
