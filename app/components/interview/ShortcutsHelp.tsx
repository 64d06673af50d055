import { forwardRef } from 'react';
import { SHORTCUTS } from './shortcuts.ts';

/** The keyboard shortcuts overlay. */
export const ShortcutsHelp = forwardRef<HTMLDialogElement>(function ShortcutsHelp(_props, ref) {
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="data">
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.keys}>
              <td>
                <kbd>{shortcut.keys}</kbd>
              </td>
              <td>{shortcut.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog" className="row">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
});
