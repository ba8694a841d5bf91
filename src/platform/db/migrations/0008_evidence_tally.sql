-- A running tally of evidence notes by criterion, source and polarity, kept in the same transaction
-- as every save that changes a note's criteria, source or polarity, so the triangulation matrix and
-- a criterion's page read a few dozen rows instead of counting every note. Kept by the application,
-- not by triggers: a backup restores this table as data, and a trigger would count the notes twice.

create table evidence_tally (
  inspection_id uuid not null references inspection (id) on delete cascade,
  criterion text not null,
  source_kind text not null,
  polarity text not null,
  note_count integer not null check (note_count >= 0),
  primary key (inspection_id, criterion, source_kind, polarity)
);

-- The notes already written, each counted once under each criterion it is tagged with.
insert into evidence_tally (inspection_id, criterion, source_kind, polarity, note_count)
select n.inspection_id, tagged.criterion, n.source_kind, n.polarity, count(*)::int
from evidence_note n
cross join lateral (select distinct c as criterion from unnest(n.criteria) as c) tagged
group by n.inspection_id, tagged.criterion, n.source_kind, n.polarity;

-- A criterion's page lists its notes newest first, a page at a time: walking this index in order
-- finds the page's notes without sorting all of them.
create index evidence_note_created_idx on evidence_note (inspection_id, created_at desc, id desc);
