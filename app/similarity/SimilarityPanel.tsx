import { Link, useFetcher } from '@remix-run/react';
import { useEffect } from 'react';
import type { QuotedPassage, SimilarityReport } from './similar-candidates.server.ts';

/** Most of a passage came from the AI assistant on that side. */
export const MOSTLY_AI = 0.5;

/** One side of a matching passage, with its share pasted from the AI assistant. */
export function PassageView({ label, passage }: { label: string; passage: QuotedPassage }) {
  return (
    <figure className="similar-passage">
      <figcaption className="muted small">
        {label} · {passage.path} lines {passage.startLine}–{passage.endLine}
        {passage.fromAi >= MOSTLY_AI ? (
          <span className="badge">{`${Math.round(passage.fromAi * 100)}% from the AI assistant`}</span>
        ) : null}
      </figcaption>
      <pre>
        <code>{passage.text}</code>
      </pre>
    </figure>
  );
}

/**
 * Other candidates of the same problem whose code resembles this candidate's,
 * loaded after the page (it reads every submission of the problem), with the
 * matching passages side by side.
 */
export function SimilarityPanel({ candidateId, name }: { candidateId: string; name: string }) {
  const fetcher = useFetcher<SimilarityReport | { error: { message: string } }>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per candidate
  useEffect(() => {
    fetcher.load(`/api/candidates/${candidateId}/similarity`);
  }, [candidateId]);
  const data = fetcher.data;
  return (
    <section className="card similarity" aria-busy={!data}>
      <h2>Similar submissions</h2>
      {!data ? (
        <p className="muted">Comparing with the other submissions of this problem…</p>
      ) : null}
      {data && 'error' in data ? <p className="muted">{data.error.message}</p> : null}
      {data && 'matches' in data ? (
        <>
          <p className="muted small">
            {`Compared with ${data.compared} other ${data.compared === 1 ? 'submission' : 'submissions'} of the same problem. Names, comments and layout are ignored; the code the candidates were given is left out.`}
          </p>
          {data.matches.filter((m) => m.flagged).length === 0 ? (
            <p>
              No other submission shares most of its code with this one
              {data.matches[0]
                ? ` (closest: ${data.matches[0].name}, ${Math.round(data.matches[0].score * 100)}%).`
                : '.'}
            </p>
          ) : null}
          {data.matches
            .filter((match) => match.flagged)
            .map((match) => {
              const bothAi = match.passages.every(
                (p) => p.mine.fromAi >= MOSTLY_AI && p.theirs.fromAi >= MOSTLY_AI,
              );
              return (
                <details key={match.candidateId} className="similar-match">
                  <summary>
                    <strong>{`${Math.round(match.score * 100)}%`}</strong> shared with{' '}
                    <Link to={`/candidates/${match.candidateId}`}>{match.name}</Link>
                    {bothAi ? (
                      <span className="badge">both pasted from the AI assistant</span>
                    ) : null}{' '}
                    <Link
                      className="small"
                      to={`/candidates/compare?ids=${candidateId},${match.candidateId}`}
                    >
                      Compare
                    </Link>
                  </summary>
                  {match.passages.map((passage) => (
                    <div
                      className="grid-2"
                      key={`${passage.mine.path}:${passage.mine.startLine}:${passage.theirs.startLine}`}
                    >
                      <PassageView label={name} passage={passage.mine} />
                      <PassageView label={match.name} passage={passage.theirs} />
                    </div>
                  ))}
                </details>
              );
            })}
        </>
      ) : null}
    </section>
  );
}
