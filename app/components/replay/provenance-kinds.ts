import type { ProvenanceKind } from '../../replay/provenance.ts';
import type { KindCounts } from '../../replay/view-messages.ts';

/** The kinds in legend order, with the words the replay uses for them. */
export const KIND_LEGEND: ReadonlyArray<{ kind: ProvenanceKind; label: string }> = [
  { kind: 'typed', label: 'Typed' },
  { kind: 'paste', label: 'Pasted' },
  { kind: 'ai-paste', label: 'From the AI' },
  { kind: 'interviewer', label: 'Interviewer' },
  { kind: 'tool', label: 'Tools' },
  { kind: 'starter', label: 'Starter code' },
  { kind: 'unknown', label: 'Unknown' },
];

/** Whole-percent shares of each kind (0 for an empty file). */
export function sharesOf(counts: KindCounts): Record<ProvenanceKind, number> {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const out = { ...counts };
  for (const { kind } of KIND_LEGEND) out[kind] = total === 0 ? 0 : (100 * counts[kind]) / total;
  return out;
}

/** "62% typed, 30% from the AI, 8% starter code" — the kinds present, largest first. */
export function describeShares(counts: KindCounts): string {
  const shares = sharesOf(counts);
  const parts = KIND_LEGEND.filter(({ kind }) => counts[kind] > 0)
    .sort((a, b) => shares[b.kind] - shares[a.kind])
    .map(({ kind, label }) => `${Math.round(shares[kind])}% ${label.toLowerCase()}`);
  return parts.length > 0 ? parts.join(', ') : 'empty';
}
