import type { MetaFunction } from '@remix-run/node';

export const meta: MetaFunction = () => [{ title: 'Tandem — live coding interviews' }];

export default function Index() {
  return (
    <main id="main" className="landing">
      <h1>Tandem</h1>
      <p className="muted">Live coding interviews on a shared CRDT workspace.</p>
      <p>
        <a href="/login">Sign in</a> to manage assessments, or open the invitation link you were
        sent.
      </p>
    </main>
  );
}
