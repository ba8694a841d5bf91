-- Responses from another survey tool held between upload and import: the file's rows as they
-- were read, and how its columns match the survey's questions. Deleted once imported, or after a day.
create table survey_import_staging (
  id uuid primary key default gen_random_uuid(),
  survey_id uuid not null references survey (id) on delete cascade,
  file_name text not null,
  file_sha256 text not null,
  file_format text not null check (file_format in ('csv', 'xlsx')),
  headings jsonb not null,
  row_count integer not null,
  mapping jsonb not null,
  created_by uuid references app_user (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index survey_import_staging_survey_idx on survey_import_staging (survey_id);
create index survey_import_staging_expires_idx on survey_import_staging (expires_at);

create table survey_import_staging_row (
  staging_id uuid not null references survey_import_staging (id) on delete cascade,
  line integer not null,
  cells jsonb not null,
  primary key (staging_id, line)
);

-- The same file imported twice would count the same people twice: its fingerprint tells.
alter table survey_import add column file_sha256 text;
create index survey_import_file_idx on survey_import (survey_id, file_sha256);
