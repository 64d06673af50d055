import {
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { ObserverWorkspace } from '#app/components/workspace/ObserverWorkspace.tsx';
import { WorkspaceError } from '#app/components/workspace/WorkspaceError.tsx';
import { workspaceOptions } from '#app/components/workspace/workspace-options.ts';
import { readEditorManifest } from '#app/editor/manifest.server.ts';
import { requireObserverWorkspace } from '#app/interview/access.server.ts';
import workspaceStyles from '../styles/workspace.css';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: workspaceStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Observing ${data.access.candidateName} — Tandem` : 'Observe — Tandem' },
];

/** An interviewer watching a candidate's session live, read-only, with private notes. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireObserverWorkspace(request, context, params.id ?? '');
  return json(
    { access, editor: readEditorManifest(), serverNow: Date.now() },
    { headers: { 'cache-control': 'private, no-store' } },
  );
}

export default function ObservePage() {
  const { access, editor, serverNow } = useLoaderData<typeof loader>();
  const options = useMemo(() => workspaceOptions(access, serverNow), [access, serverNow]);
  return (
    <ObserverWorkspace
      manifest={editor}
      options={options}
      candidateName={access.candidateName}
      assessmentTitle={access.assessment.title}
      problem={access.problem}
      // Slots for the read-only terminal mirror, test results, timer and actions.
      slots={{}}
    />
  );
}

export function ErrorBoundary() {
  return <WorkspaceError what="observer view" />;
}
