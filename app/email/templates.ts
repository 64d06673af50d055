/** Plain, readable e-mails: a subject, an HTML body and a text body. */
export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function layout(paragraphs: string[], action?: { label: string; url: string }): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const button = action
    ? `<p><a href="${escapeHtml(action.url)}" style="background:#5b8cff;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p><p style="color:#666;font-size:12px">${escapeHtml(action.url)}</p>`
    : '';
  return `<div style="font-family:system-ui,sans-serif;max-width:560px">${body}${button}</div>`;
}

export function candidateInviteEmail(input: {
  candidateName: string;
  organizationName: string;
  assessmentTitle: string;
  durationMinutes: number;
  url: string;
  expiresAt: Date;
}): EmailContent {
  const lines = [
    `Hi ${input.candidateName},`,
    `${input.organizationName} invited you to a live coding interview: ${input.assessmentTitle} (${input.durationMinutes} minutes).`,
    'The timer starts when you press Start on the invitation page. The link stays your key until the interview ends ' +
      `(another browser asks for a code we e-mail you) and expires on ${input.expiresAt.toUTCString()}.`,
  ];
  return {
    subject: `Your coding interview with ${input.organizationName}`,
    html: layout(lines, { label: 'Open the interview', url: input.url }),
    text: `${lines.join('\n\n')}\n\n${input.url}\n`,
  };
}

/** The one-time code that lets a started candidate resume on another browser. */
export function resumeCodeEmail(input: {
  candidateName: string;
  assessmentTitle: string;
  code: string;
  minutes: number;
}): EmailContent {
  const lines = [
    `Hi ${input.candidateName},`,
    `Your code to continue ${input.assessmentTitle} on another browser is ${input.code}.`,
    `It works once and expires in ${input.minutes} minutes. If you did not ask for it, ignore this e-mail: your interview stays where it is.`,
  ];
  return {
    subject: `Your code: ${input.code}`,
    html: layout(lines),
    text: `${lines.join('\n\n')}\n`,
  };
}

export function magicLinkEmail(input: { url: string }): EmailContent {
  const lines = ['Use this link to sign in to Tandem. It expires in 5 minutes.'];
  return {
    subject: 'Sign in to Tandem',
    html: layout(lines, { label: 'Sign in', url: input.url }),
    text: `${lines[0]}\n\n${input.url}\n`,
  };
}

export function memberInviteEmail(input: {
  organizationName: string;
  role: string;
  url: string;
}): EmailContent {
  const lines = [`You were invited to join ${input.organizationName} on Tandem as ${input.role}.`];
  return {
    subject: `Join ${input.organizationName} on Tandem`,
    html: layout(lines, { label: 'Accept the invitation', url: input.url }),
    text: `${lines[0]}\n\n${input.url}\n`,
  };
}

export function submissionCandidateEmail(input: {
  candidateName: string;
  organizationName: string;
}): EmailContent {
  const lines = [
    `Hi ${input.candidateName},`,
    `Your interview with ${input.organizationName} was submitted. Thank you — the team will be in touch.`,
  ];
  return {
    subject: 'Your interview was submitted',
    html: layout(lines),
    text: lines.join('\n\n'),
  };
}

export function submissionInterviewerEmail(input: {
  candidateName: string;
  assessmentTitle: string;
  score: number | null;
  url: string;
}): EmailContent {
  const lines = [
    `${input.candidateName} completed ${input.assessmentTitle}.`,
    input.score === null ? 'Scoring is pending.' : `Overall score: ${Math.round(input.score)}/100.`,
  ];
  return {
    subject: `${input.candidateName} completed ${input.assessmentTitle}`,
    html: layout(lines, { label: 'Review the session', url: input.url }),
    text: `${lines.join('\n\n')}\n\n${input.url}\n`,
  };
}
