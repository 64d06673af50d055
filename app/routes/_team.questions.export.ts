import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireMember } from '#app/auth/guards.server.ts';
import { serializeProblems } from '#app/questions/exchange-format.ts';
import { exportableProblems } from '#app/questions/questions.server.ts';

/** GET /questions/export — the organization's question bank as a JSON file. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context);
  const problems = await exportableProblems(context.services.database.db, member.organization.id);
  return new Response(serializeProblems(problems), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${member.organization.slug}-questions.json"`,
    },
  });
}
