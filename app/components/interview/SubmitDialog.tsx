import { useEffect, useRef, useState } from 'react';

/** The submit button with its confirmation dialog. */
export function SubmitButton(props: { disabled?: boolean; onSubmit: () => Promise<void> }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (busy) setError(null);
  }, [busy]);
  const confirm = async () => {
    setBusy(true);
    try {
      await props.onSubmit();
      dialog.current?.close();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="submit-button"
        disabled={props.disabled}
        onClick={() => dialog.current?.showModal()}
      >
        Submit
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby="submit-title">
        <h2 id="submit-title">Submit your interview?</h2>
        <p>
          Your code is final once you submit: the tests run one last time, including hidden ones,
          and the workspace becomes read-only.
        </p>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="row">
          <button type="button" onClick={confirm} disabled={busy}>
            {busy ? 'Submitting…' : 'Submit now'}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => dialog.current?.close()}
            disabled={busy}
          >
            Keep working
          </button>
        </div>
      </dialog>
    </>
  );
}
