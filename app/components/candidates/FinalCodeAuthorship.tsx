import type { FileShares } from '#app/interview/submission-steps.server.ts';

/** Files someone changed: a file that is still all starter code says nothing about the candidate. */
export function editedFiles(files: FileShares[]): FileShares[] {
  return files.filter(
    (file) =>
      file.total > 0 &&
      file.typed + file.paste + file.aiPaste + (file.interviewer ?? 0) + file.tool > 0,
  );
}

const percent = (part: number, total: number) =>
  total ? `${Math.round((100 * part) / total)}%` : '—';

/** "Who wrote the final code": each edited file's share by origin. */
export function FinalCodeAuthorship(props: { files: FileShares[] }) {
  const files = editedFiles(props.files);
  // The column appears when an interviewer paired on this session (decision 027).
  const paired = files.some((file) => (file.interviewer ?? 0) > 0);
  return (
    <section className="card">
      <h2>Who wrote the final code</h2>
      {files.length === 0 ? (
        <p className="muted">Nobody changed the starter files.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>File</th>
              <th>Typed</th>
              <th>Pasted</th>
              <th>From AI</th>
              {paired ? <th>Interviewer</th> : null}
              <th>Tools</th>
              <th>Starter</th>
            </tr>
          </thead>
          <tbody>
            {files.map((file) => (
              <tr key={file.path}>
                <td>{file.path}</td>
                <td>{percent(file.typed, file.total)}</td>
                <td>{percent(file.paste, file.total)}</td>
                <td>{percent(file.aiPaste, file.total)}</td>
                {paired ? (
                  <td data-testid="interviewer-share">
                    {percent(file.interviewer ?? 0, file.total)}
                  </td>
                ) : null}
                <td>{percent(file.tool, file.total)}</td>
                <td>{percent(file.starter, file.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
