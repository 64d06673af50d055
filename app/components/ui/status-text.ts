const WORDS: Record<string, string> = {
  INVITED: 'Invited',
  IN_PROGRESS: 'In progress',
  COMPLETED: 'Completed',
  EXPIRED: 'Expired',
  ACTIVE: 'Active',
  PAUSED: 'Paused',
};

/** A status as a person reads it ("In progress"), not as stored ("IN_PROGRESS"). */
export function statusText(status: string): string {
  const known = WORDS[status];
  if (known) return known;
  const words = status.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
