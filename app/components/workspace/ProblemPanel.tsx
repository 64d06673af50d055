import { Markdown } from './Markdown.tsx';

/** The problem statement: title, difficulty and the description as safe Markdown. */
export function ProblemPanel(props: {
  problem: { title: string; description: string; language: string; difficulty: string };
}) {
  const { title, description, language, difficulty } = props.problem;
  return (
    <article className="problem" aria-label="Problem">
      <header className="problem-header">
        <h2>{title || 'Problem'}</h2>
        <div className="row">
          <span className={`badge difficulty-${difficulty.toLowerCase()}`}>
            {difficulty.toLowerCase()}
          </span>
          <span className="badge">{language}</span>
        </div>
      </header>
      {description ? <Markdown source={description} /> : <p className="muted">No description.</p>}
    </article>
  );
}
