import { previewOf } from '../../../protocol/run-output.ts';

/**
 * What a failed test's process printed (a compiler's errors, a crash), in its
 * own labelled block: the first 8 KB, then "Show all". It is the candidate's
 * text, already cleaned and bounded by the bridge; React renders it as text.
 */
export function RunOutput({ text }: { text: string }) {
  const { head, rest } = previewOf(text);
  return (
    <div className="run-output">
      <div className="run-output-label">Output of the test process</div>
      <pre className="run-output-text">{head}</pre>
      {rest ? (
        <details className="run-output-more">
          <summary>Show all ({Math.ceil(text.length / 1024)} KB)</summary>
          <pre className="run-output-text">{rest}</pre>
        </details>
      ) : null}
    </div>
  );
}
