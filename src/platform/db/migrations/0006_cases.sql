-- Cases: the data request (Annex A items and their files), the area's person-level data and its
-- imports, the case sample (tracked children and plans to review), tracking and plan reviews.

-- ---- The data request ------------------------------------------------------------------------
create table data_request_item (
  id uuid primary key default gen_random_uuid(),
  inspection_id uuid not null references inspection (id) on delete cascade,
  -- The code of the item in the framework's list; null for items the team added.
  code text,
  title text not null,
  description text not null default '',
  position integer not null,
  due_date date not null,
  status text not null default 'requested' check (status in ('requested', 'provided', 'accepted', 'not_needed')),
  status_note text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (inspection_id, code)
);
create index data_request_item_inspection_idx on data_request_item (inspection_id, position);

-- Files are kept in the database so that backups, retention and access control cover them.
create table stored_file (
  id uuid primary key default gen_random_uuid(),
  inspection_id uuid not null references inspection (id) on delete cascade,
  file_name text not null,
  content_type text not null,
  size_bytes integer not null,
  sha256 text not null,
  content bytea not null,
  uploaded_by uuid references app_user (id) on delete set null,
  uploaded_at timestamptz not null default now()
);
create index stored_file_inspection_idx on stored_file (inspection_id);

create table data_request_file (
  item_id uuid not null references data_request_item (id) on delete cascade,
  file_id uuid not null references stored_file (id) on delete cascade,
  primary key (item_id, file_id)
);
create index data_request_file_file_idx on data_request_file (file_id);

-- ---- Person-level data -------------------------------------------------------------------------
create table case_import (
  id uuid primary key default gen_random_uuid(),
  inspection_id uuid not null references inspection (id) on delete cascade,
  file_name text not null,
  file_format text not null check (file_format in ('csv', 'xlsx')),
  file_sha256 text,
  -- loading: rows being written, invisible; accepted: the data in use (or superseded later);
  -- rejected: nothing kept but the reasons.
  status text not null check (status in ('loading', 'accepted', 'rejected')),
  -- The date the data describe (ages and overdue reviews are worked out at this date).
  data_date date not null,
  row_count integer not null default 0,
  problem_count integer not null default 0,
  -- Up to 10,000 problems: { line, column, message }.
  problems jsonb not null default '[]'::jsonb,
  file_problem text,
  imported_by uuid references app_user (id) on delete set null,
  imported_by_label text not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  superseded_at timestamptz
);
create index case_import_inspection_idx on case_import (inspection_id, started_at);

-- One partition per import, named person_record_<the import's id without dashes>. An import
-- loads its rows into a table of its own with no index or key to keep up (as fast as COPY goes),
-- adds the primary key and attaches it when it is accepted; a refused or deleted import's table is
-- dropped whole. Each partition has a CHECK on its import_id, so attaching need not scan it.
create table person_record (
  import_id uuid not null references case_import (id) on delete cascade,
  line integer not null,
  -- Byte order (as on PGlite): the primary key is built on every import, far faster so.
  person_id text collate "C" not null,
  -- 'YYYY-MM': month and year of birth only.
  birth_month text not null,
  age integer not null,
  year_group text,
  sex text not null,
  primary_need text not null,
  sen_status text not null,
  request_date date,
  assessment_decision_date date,
  plan_issued_date date,
  exception_applies boolean not null default false,
  last_review_date date,
  placement_type text not null,
  setting_name text,
  setting_urn text,
  alternative_provision boolean not null default false,
  out_of_area boolean not null default false,
  social_care_status text not null,
  primary key (import_id, person_id)
) partition by list (import_id);

-- ---- The sample --------------------------------------------------------------------------------
create table case_sample (
  id uuid primary key default gen_random_uuid(),
  inspection_id uuid not null references inspection (id) on delete cascade,
  import_id uuid not null references case_import (id) on delete cascade,
  seed text not null,
  algorithm_version text not null,
  tracked_requested integer not null,
  review_requested integer not null,
  -- The area is asked for the chosen children's documents within 2 working days of this.
  shared_at timestamptz,
  documents_due date,
  drawn_by uuid references app_user (id) on delete set null,
  drawn_at timestamptz not null default now(),
  -- A later draw replaces an earlier one; the earlier stays for the record.
  superseded_at timestamptz
);
create index case_sample_inspection_idx on case_sample (inspection_id, drawn_at);

create table sampled_case (
  id uuid primary key default gen_random_uuid(),
  sample_id uuid not null references case_sample (id) on delete cascade,
  inspection_id uuid not null references inspection (id) on delete cascade,
  person_id text not null,
  purpose text not null check (purpose in ('tracked', 'review')),
  position integer not null,
  -- The stratum the case was drawn for, as { dimension: category }.
  stratum jsonb not null,
  -- 'drawn' by the algorithm or added by the inspector in place of a replaced case.
  origin text not null check (origin in ('drawn', 'replacement')),
  replaced_at timestamptz,
  replaced_by uuid references app_user (id) on delete set null,
  replaced_reason text,
  -- The case this one replaced (no foreign key: a table that refers to itself cannot be restored in order).
  replacement_for uuid,
  unique (sample_id, person_id)
);
create index sampled_case_inspection_idx on sampled_case (inspection_id, purpose, position);

create table case_document (
  case_id uuid not null references sampled_case (id) on delete cascade,
  file_id uuid not null references stored_file (id) on delete cascade,
  description text not null default '',
  primary key (case_id, file_id)
);
create index case_document_file_idx on case_document (file_id);

-- ---- Tracking ----------------------------------------------------------------------------------
create table tracking_meeting (
  case_id uuid primary key references sampled_case (id) on delete cascade,
  held_on date,
  -- Who took part: any of child_young_person, family, education, health, social_care.
  attendees text[] not null default '{}',
  attendee_note text not null default '',
  updated_by uuid references app_user (id) on delete set null,
  updated_at timestamptz not null default now()
);

create table tracking_note (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references sampled_case (id) on delete cascade,
  body text not null,
  -- Framework criteria this note is evidence for.
  criteria text[] not null default '{}',
  written_by uuid references app_user (id) on delete set null,
  written_by_label text not null,
  written_at timestamptz not null default now()
);
create index tracking_note_case_idx on tracking_note (case_id, written_at);

-- ---- EHC plan reviews --------------------------------------------------------------------------
create table plan_review (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references sampled_case (id) on delete cascade,
  inspection_id uuid not null references inspection (id) on delete cascade,
  round text not null check (round in ('first', 'second')),
  reviewer_id uuid references app_user (id) on delete set null,
  reviewer_label text not null,
  instrument_version text not null,
  -- { criterionId: { rating, comment } }
  ratings jsonb not null default '{}'::jsonb,
  overall_grade text,
  summary text not null default '',
  -- Framework criteria this review is evidence for.
  criteria text[] not null default '{}',
  status text not null default 'draft' check (status in ('draft', 'complete')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz,
  unique (case_id, round)
);
create index plan_review_inspection_idx on plan_review (inspection_id, round);
