import type { ComparedPair, ComparedSimilarity } from './compared.server.ts';
import { MOSTLY_AI, PassageView } from './SimilarityPanel.tsx';

const pct = (value: number) => `${Math.round(value * 100)}%`;

function PairSummary({ pair }: { pair: ComparedPair }) {
  if (pair.state === 'not-submitted') return <span className="muted">not handed in yet</span>;
  if (pair.state === 'different-problem') {
    return <span className="muted">different problems: not compared</span>;
  }
  const bothAi =
    pair.passages.length > 0 &&
    pair.passages.every((p) => p.a.fromAi >= MOSTLY_AI && p.b.fromAi >= MOSTLY_AI);
  return (
    <>
      <strong>{pct(pair.score)}</strong> shared{' '}
      {pair.flagged ? <span className="badge similar-flag">most of the code</span> : null}{' '}
      {bothAi ? <span className="badge">both pasted from the AI assistant</span> : null}
    </>
  );
}

/**
 * The comparison's similarity: every pair of the compared candidates, and for
 * a pair that shares most of its code, the matching passages side by side.
 */
export function ComparedSimilaritySection({ similarity }: { similarity: ComparedSimilarity }) {
  return (
    <section className="card similarity compared-similarity" aria-labelledby="compared-similarity">
      <style>
        {'.similar-pairs { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.25rem; }'}
      </style>
      <h2 id="compared-similarity">Similarity between these submissions</h2>
      <p className="muted small">
        {`Scored among ${similarity.submissionsConsidered} handed-in ${similarity.submissionsConsidered === 1 ? 'submission' : 'submissions'} of the same problems. Names, comments and layout are ignored; the code the candidates were given, and idioms most submissions share, are left out.`}
      </p>
      <ul className="similar-pairs">
        {similarity.pairs.map((pair) => (
          <li
            key={`${pair.a.candidateId}:${pair.b.candidateId}`}
            className="similar-pair"
            data-state={pair.state}
            data-flagged={pair.flagged}
          >
            {pair.flagged ? (
              <details className="similar-match" open>
                <summary>
                  {pair.a.name} ↔ {pair.b.name}: <PairSummary pair={pair} />
                </summary>
                {pair.passages.map((passage) => (
                  <div
                    className="grid-2"
                    key={`${passage.a.path}:${passage.a.startLine}:${passage.b.startLine}`}
                  >
                    <PassageView label={pair.a.name} passage={passage.a} />
                    <PassageView label={pair.b.name} passage={passage.b} />
                  </div>
                ))}
              </details>
            ) : (
              <p>
                {pair.a.name} ↔ {pair.b.name}: <PairSummary pair={pair} />
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
