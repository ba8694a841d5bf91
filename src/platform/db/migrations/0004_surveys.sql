-- Surveys of parents and carers, children and young people, and practitioners: one of each per
-- inspection at most, their distribution links, answers in progress, responses and coding.
create table survey (
  id uuid primary key default gen_random_uuid(),
  inspection_id uuid not null references inspection (id) on delete cascade,
  audience text not null check (audience in ('parents_carers', 'children_young_people', 'practitioners')),
  definition jsonb not null,
  -- Bumped by every change of wording, so a respondent's answers in progress can tell.
  definition_version integer not null default 1,
  opens_at timestamptz,
  closes_at timestamptz,
  suppression_threshold integer not null default 10 check (suppression_threshold between 1 and 100),
  summary_token text unique,
  summary_shared_at timestamptz,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (inspection_id, audience),
  check (closes_at is null or opens_at is null or closes_at > opens_at)
);

create table survey_channel (
  id uuid primary key default gen_random_uuid(),
  survey_id uuid not null references survey (id) on delete cascade,
  code text not null unique,
  name text not null,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now()
);
create unique index survey_channel_name_idx on survey_channel (survey_id, lower(name));

create table survey_draft (
  id uuid primary key default gen_random_uuid(),
  survey_id uuid not null references survey (id) on delete cascade,
  channel_id uuid references survey_channel (id) on delete set null,
  language text not null,
  answers jsonb not null default '{}'::jsonb,
  idempotency_key text not null,
  resume_code_hash text unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index survey_draft_expires_idx on survey_draft (expires_at);

create table survey_import (
  id uuid primary key default gen_random_uuid(),
  survey_id uuid not null references survey (id) on delete cascade,
  file_name text not null,
  mapping jsonb not null,
  row_count integer not null,
  imported_by uuid references app_user (id),
  imported_at timestamptz not null default now()
);

create table survey_response (
  id bigint generated always as identity primary key,
  survey_id uuid not null references survey (id) on delete cascade,
  channel_id uuid references survey_channel (id) on delete set null,
  language text not null,
  answers jsonb not null,
  idempotency_key text not null,
  content_hash text not null,
  source text not null check (source in ('web', 'api', 'import')),
  import_id uuid references survey_import (id) on delete cascade,
  submitted_at timestamptz not null default now(),
  unique (survey_id, idempotency_key)
);
create index survey_response_survey_idx on survey_response (survey_id, id);

create table survey_comment_correction (
  response_id bigint not null references survey_response (id) on delete cascade,
  question_id text not null,
  survey_id uuid not null references survey (id) on delete cascade,
  themes text[] not null,
  corrected_by uuid references app_user (id),
  corrected_at timestamptz not null default now(),
  primary key (response_id, question_id)
);
create index survey_comment_correction_survey_idx on survey_comment_correction (survey_id);

create table survey_analysis (
  survey_id uuid primary key references survey (id) on delete cascade,
  response_count integer not null,
  result jsonb not null,
  computed_at timestamptz not null default now()
);
