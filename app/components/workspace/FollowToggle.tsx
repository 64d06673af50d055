import type { WorkspaceController, WorkspaceSnapshot } from '../../editor/api.ts';

/** "Follow candidate": the observer's editor shows the candidate's file and cursor. */
export function FollowToggle(props: {
  controller: WorkspaceController | null;
  snapshot: WorkspaceSnapshot | null;
  candidateName: string;
}) {
  const { controller, snapshot } = props;
  const candidate = snapshot?.participants.find((p) => p.role === 'candidate' && !p.isSelf);
  const following = snapshot?.following ?? false;
  const where = candidate?.openPath
    ? `${candidate.openPath}${candidate.cursor ? `:${candidate.cursor.line}` : ''}`
    : null;
  return (
    <div className="follow">
      <span className="follow-status" data-testid="candidate-location">
        {candidate ? (
          <>
            <span
              className="presence-dot"
              style={{ backgroundColor: candidate.color }}
              aria-hidden="true"
            />
            {props.candidateName} {where ? `is in ${where}` : 'is online'}
          </>
        ) : (
          <span className="muted">{props.candidateName} is not connected</span>
        )}
      </span>
      <label className="follow-toggle">
        <input
          type="checkbox"
          checked={following}
          disabled={!controller}
          onChange={(event) => controller?.setFollowing(event.target.checked)}
        />
        Follow candidate
      </label>
    </div>
  );
}
