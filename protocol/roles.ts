/** Roles a member can hold in an organization, from most to least powerful. */
export const MEMBER_ROLES = ['owner', 'admin', 'interviewer', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/**
 * What a connection is in a live session. Candidates write their own session;
 * interviewers and viewers of the owning organization watch; the bridge and the
 * files API write on behalf of tools.
 */
export const PARTICIPANT_ROLES = ['candidate', 'interviewer', 'viewer', 'service'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

const rank: Record<MemberRole, number> = { owner: 4, admin: 3, interviewer: 2, viewer: 1 };

/** True when `role` is at least as powerful as `required`. */
export function hasMemberRole(role: MemberRole, required: MemberRole): boolean {
  return rank[role] >= rank[required];
}

/** Observers are members who may watch a session and write notes. */
export function observerRoleFor(
  role: MemberRole,
): Extract<ParticipantRole, 'interviewer' | 'viewer'> {
  return role === 'viewer' ? 'viewer' : 'interviewer';
}
