import {
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { CandidateWorkspace } from '#app/components/workspace/CandidateWorkspace.tsx';
import { WorkspaceError } from '#app/components/workspace/WorkspaceError.tsx';
import { workspaceOptions } from '#app/components/workspace/workspace-options.ts';
import { readEditorManifest } from '#app/editor/manifest.server.ts';
import { requireCandidateWorkspace } from '#app/interview/access.server.ts';
import workspaceStyles from '../styles/workspace.css';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: workspaceStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.access.assessment.title ?? 'Interview'} — Tandem` },
];

/** The candidate's live workspace; `$id` is the candidate id (the signed cookie must match). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireCandidateWorkspace(request, context, params.id ?? '');
  return json(
    { access, editor: readEditorManifest(), serverNow: Date.now() },
    { headers: { 'cache-control': 'private, no-store' } },
  );
}

export default function InterviewPage() {
  const { access, editor, serverNow } = useLoaderData<typeof loader>();
  // Mount options are read once per document; later loader data only refreshes the token.
  const options = useMemo(() => workspaceOptions(access, serverNow), [access, serverNow]);
  return (
    <CandidateWorkspace
      manifest={editor}
      options={options}
      assessmentTitle={access.assessment.title}
      problem={access.problem}
      // Slots for the timer, submit button, AI chat, terminal and tests panels.
      slots={{}}
    />
  );
}

export function ErrorBoundary() {
  return <WorkspaceError what="interview" />;
}
