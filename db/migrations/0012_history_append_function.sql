-- The history log's append on a single server (collab-server/history/writer.ts,
-- decision 020): the cross-instance lock (`p_lock`, HISTORY_APPEND_LOCK) and the
-- numbered insert in one call,
-- prepared once per connection. The same statement as the literal script it
-- replaces for a first attempt (no duplicate comparison, no expected tails),
-- without parsing and planning a 2 KB query on every flush: about half the
-- backend CPU per flush. Each row's seq is its document's tail plus its
-- position in the batch; its time is never earlier than the tail's. Runs in
-- the caller's (implicit) transaction; the insert's snapshot is taken after
-- the lock (a new one per statement in a volatile function).
create or replace function tandem_append_history(p_lock bigint,
  p_names text[], p_positions int[], p_at text[], p_roles text[], p_ids text[],
  p_clients text[], p_origins text[], p_updates text[])
returns table (name text, tail integer) language plpgsql volatile as $$
begin
  perform pg_advisory_xact_lock(p_lock);
  return query
  with batch as (
    select * from unnest(p_names, p_positions, p_at, p_roles, p_ids, p_clients, p_origins,
      p_updates) as b(document_name, position, at, sender_role, sender_id, client_id, origin,
      update_hex)
  ),
  tails as (
    select d.document_name, coalesce(l.seq, 0) as seq, l.at
    from (select distinct b.document_name from batch b) d
    left join lateral (select u.seq, u.at from yjs_updates u
                       where u.document_name = d.document_name
                       order by u.seq desc limit 1) l on true
  ),
  inserted as (
    insert into yjs_updates
      (document_name, seq, at, sender_role, sender_id, client_id, origin, update)
    select b.document_name, t.seq + b.position,
      greatest(b.at::timestamptz, coalesce(t.at, b.at::timestamptz)), b.sender_role,
      b.sender_id, b.client_id::bigint, b.origin, decode(b.update_hex, 'hex')
    from batch b join tails t using (document_name)
  )
  select t.document_name, t.seq from tails t;
end $$;
