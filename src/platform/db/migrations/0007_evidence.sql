-- Fieldwork and evidence: the activities of the fieldwork weeks (who took part, as counts), the
-- inspectors at each, evidence notes tagged to the framework with every version kept, and their
-- attachments.

-- ---- Activities --------------------------------------------------------------------------------
create table fieldwork_activity (
  id uuid primary key default gen_random_uuid(),
  inspection_id uuid not null references inspection (id) on delete cascade,
  -- meeting, focus_group, setting_visit, tracking_meeting, parent_webinar
  kind text not null check (kind in ('meeting', 'focus_group', 'setting_visit', 'tracking_meeting', 'parent_webinar')),
  title text not null,
  -- Setting visits only: the kind of setting, and its unique reference number when it has one.
  setting_type text check (setting_type in ('early_years', 'primary', 'secondary', 'special_school', 'alternative_provision', 'further_education', 'health_clinic', 'social_care', 'early_help')),
  urn text,
  held_on date not null,
  -- 'HH:MM', 24-hour clock, England's local time.
  starts_at text not null check (starts_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  ends_at text not null check (ends_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  place text not null default '',
  -- Tracking meetings may name the tracked child's case.
  case_id uuid references sampled_case (id) on delete set null,
  description text not null default '',
  -- Raised by every change, so a stale edit can be told apart.
  revision integer not null default 1,
  created_by uuid references app_user (id) on delete set null,
  created_by_label text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at),
  check ((kind = 'setting_visit') = (setting_type is not null)),
  check (urn is null or (kind = 'setting_visit' and urn ~ '^[0-9]{6,8}$'))
);
create index fieldwork_activity_inspection_idx on fieldwork_activity (inspection_id, held_on, starts_at);

create table activity_inspector (
  activity_id uuid not null references fieldwork_activity (id) on delete cascade,
  user_id uuid not null references app_user (id) on delete cascade,
  primary key (activity_id, user_id)
);
create index activity_inspector_user_idx on activity_inspector (user_id);

-- Who took part, as counts by group; a group nobody from took part in has no row.
create table activity_participant (
  activity_id uuid not null references fieldwork_activity (id) on delete cascade,
  participant_group text not null check (participant_group in ('parents_carers', 'children_young_people', 'education_staff', 'health_staff', 'social_care_staff', 'leaders', 'parent_carer_forum')),
  participant_count integer not null check (participant_count between 1 and 1000),
  primary key (activity_id, participant_group)
);

-- ---- Evidence notes ----------------------------------------------------------------------------
-- The note as it stands now. Its id is chosen by the page that first writes it, so a save that is
-- sent again (after a dropped connection) finds the note instead of making a second one.
create table evidence_note (
  id uuid primary key,
  inspection_id uuid not null references inspection (id) on delete cascade,
  body text not null,
  criteria text[] not null default '{}',
  themes text[] not null default '{}',
  polarity text not null check (polarity in ('strength', 'concern', 'neutral')),
  source_kind text not null check (source_kind in ('activity', 'tracked_case', 'reviewed_plan', 'survey', 'data')),
  activity_id uuid references fieldwork_activity (id) on delete set null,
  case_id uuid references sampled_case (id) on delete set null,
  survey_id uuid references survey (id) on delete set null,
  -- Free text about the source: which data, which part of a survey.
  source_detail text not null default '',
  -- The version shown in the history (a new one for each editing session), and the revision,
  -- raised by every save, that a later save must start from.
  version integer not null default 1,
  revision integer not null default 1,
  -- The editing session (one page, one sitting) that made the last save.
  edit_session uuid not null,
  author_id uuid references app_user (id) on delete set null,
  author_label text not null,
  updated_by uuid references app_user (id) on delete set null,
  updated_by_label text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search tsvector generated always as (to_tsvector('english', body)) stored
);
create index evidence_note_inspection_idx on evidence_note (inspection_id, updated_at desc);
create index evidence_note_search_idx on evidence_note using gin (search);
create index evidence_note_criteria_idx on evidence_note using gin (criteria);
create index evidence_note_activity_idx on evidence_note (activity_id);
create index evidence_note_case_idx on evidence_note (case_id);
create index evidence_note_survey_idx on evidence_note (survey_id);

-- Every version of every note, the current one included: one row per editing session.
create table evidence_note_version (
  note_id uuid not null references evidence_note (id) on delete cascade,
  version integer not null,
  body text not null,
  criteria text[] not null default '{}',
  themes text[] not null default '{}',
  polarity text not null,
  source_kind text not null,
  activity_id uuid,
  case_id uuid,
  survey_id uuid,
  source_detail text not null default '',
  edit_session uuid not null,
  edited_by uuid references app_user (id) on delete set null,
  edited_by_label text not null,
  edited_at timestamptz not null default now(),
  primary key (note_id, version)
);

create table evidence_note_file (
  note_id uuid not null references evidence_note (id) on delete cascade,
  file_id uuid not null references stored_file (id) on delete cascade,
  added_by uuid references app_user (id) on delete set null,
  added_by_label text not null,
  added_at timestamptz not null default now(),
  primary key (note_id, file_id)
);
create index evidence_note_file_file_idx on evidence_note_file (file_id);
