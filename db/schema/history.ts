import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { interviewSessions } from './candidates.ts';
import { bytea, createdAt, ts, updatedAt } from './columns.ts';

/** Full Yjs state of each document, written by Hocuspocus' database extension. */
export const yjsDocuments = pgTable('yjs_documents', {
  name: text('name').primaryKey(),
  state: bytea('state').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Every update the collab-server applied, in order, with who sent it and why.
 * `seq` counts per document from 1; replay applies updates in `seq` order.
 */
export const yjsUpdates = pgTable(
  'yjs_updates',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentName: text('document_name').notNull(),
    seq: integer('seq').notNull(),
    at: ts('at').notNull(),
    /** 'candidate', 'interviewer', 'viewer' or 'service'. */
    senderRole: text('sender_role').notNull(),
    /** Candidate id, user id or service name. */
    senderId: text('sender_id').notNull(),
    /** The Yjs clientID of the writer, when known. */
    clientId: bigint('client_id', { mode: 'number' }),
    origin: text('origin').notNull(),
    update: bytea('update').notNull(),
  },
  (t) => [uniqueIndex('yjs_updates_doc_seq_idx').on(t.documentName, t.seq)],
);

/** Full states every N updates so any instant rebuilds from a nearby point. */
export const yjsCheckpoints = pgTable(
  'yjs_checkpoints',
  {
    documentName: text('document_name').notNull(),
    /** The state includes every update with seq <= this. */
    seq: integer('seq').notNull(),
    at: ts('at').notNull(),
    state: bytea('state').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentName, t.seq] })],
);

/**
 * One ordered log of what happened in a session besides edits: terminal
 * input/output, test runs, AI turns, paste, focus and visibility, file opens.
 */
export const sessionEvents = pgTable(
  'session_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => interviewSessions.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    type: text('type').notNull(),
    /** 'client' for browser-batched events, 'server' for events the services record. */
    source: text('source').notNull().default('server'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('session_events_session_at_idx').on(t.sessionId, t.at, t.seq)],
);
