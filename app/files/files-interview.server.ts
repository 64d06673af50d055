import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/backup/rows.ts';
import type { Database } from '../../db/client.ts';
import type { SessionStatus } from '../../protocol/sessions.ts';

/** What the files API needs to know about an interview to decide who may do what. */
export interface FilesInterview {
  organizationId: string;
  session: { id: string; status: SessionStatus } | null;
  /** The session's problems in order (as `loadSessionProblems`, without their files and tests). */
  problems: Array<{ position: number; title: string; folder: string }>;
}

/**
 * One query for what `loadInterview` gives the files API in two (the second
 * with every column of the session's problems: starter files, tests,
 * reference solution), most of a file read's time once the document
 * connection is kept (decision 020, fourth pass). A session without problem
 * rows has its own problem at position 0 in the root folder, as in
 * `loadSessionProblems`.
 */
export async function loadFilesInterview(
  db: Database,
  candidateId: string,
): Promise<FilesInterview | null> {
  const [row] = await queryRows<{
    organizationId: string;
    sessionId: string | null;
    status: SessionStatus | null;
    problems: FilesInterview['problems'] | null;
  }>(
    db,
    sql`select c.organization_id as "organizationId", s.id as "sessionId", s.status as "status",
        coalesce(
          (select json_agg(json_build_object('position', sp.position, 'title', p.title,
              'folder', sp.folder) order by sp.position)
            from session_problems sp join problems p on p.id = sp.problem_id
            where sp.session_id = s.id),
          (select json_agg(json_build_object('position', 0, 'title', p.title, 'folder', ''))
            from problems p where p.id = s.problem_id)
        ) as "problems"
      from candidates c
      left join interview_sessions s on s.candidate_id = c.id
      where c.id = ${candidateId}`,
  );
  if (!row) return null;
  return {
    organizationId: row.organizationId,
    session: row.sessionId && row.status ? { id: row.sessionId, status: row.status } : null,
    problems: row.problems ?? [],
  };
}
