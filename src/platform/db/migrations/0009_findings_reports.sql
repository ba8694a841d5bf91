-- Findings and the outcome, the report (its drafts, QA and factual accuracy comments, sign-offs,
-- publications and corrections), and the public site's page feedback.

-- Inspections done before the product existed, imported for the public site and the open data.
alter table inspection add column historical boolean not null default false;

-- ---- Findings ----------------------------------------------------------------------------------
create table finding (
  id uuid primary key default gen_random_uuid(),
  inspection_id uuid not null references inspection (id) on delete cascade,
  -- A finding kind code of the inspection's framework (strength, area_for_priority_action, ...).
  kind text not null,
  -- Criterion codes of the framework (A, B, C for 2016; I1..I5, L1..L6 for 2023).
  criteria text[] not null default '{}',
  body text not null check (length(body) between 1 and 5000),
  -- A responsible body code of the framework, for kinds that need one.
  responsible_body text,
  -- The partners named when the body is "named partners".
  responsible_partners text not null default '',
  -- Order within its kind, as the report lists them.
  position integer not null,
  -- 'recorded' by inspectors in the product (cites evidence); 'imported' from a historical report.
  origin text not null default 'recorded' check (origin in ('recorded', 'imported')),
  revision integer not null default 1,
  created_by uuid references app_user (id) on delete set null,
  created_by_label text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index finding_inspection_idx on finding (inspection_id, kind, position);

-- The evidence a finding rests on: an evidence note, a survey question's figures, a plan review or
-- a tracking note. `label` keeps what was cited in words as it read then.
create table finding_citation (
  finding_id uuid not null references finding (id) on delete cascade,
  kind text not null check (kind in ('note', 'survey_figure', 'plan_review', 'tracking_note')),
  -- The note, plan review or tracking note id; for survey figures "<survey id>:<question id>".
  ref_id text not null,
  -- The kind of source for triangulation (the evidence matrix's columns).
  source text not null check (source in ('survey', 'case_review', 'tracking', 'fieldwork', 'data')),
  label text not null,
  created_at timestamptz not null default now(),
  primary key (finding_id, kind, ref_id)
);

create table inspection_outcome (
  inspection_id uuid primary key references inspection (id) on delete cascade,
  -- An outcome code of the inspection type in the framework.
  outcome text not null,
  -- Why the inspectors decided it (kept for the team, not published).
  rationale text not null default '',
  decided_by uuid references app_user (id) on delete set null,
  decided_by_label text not null,
  decided_at timestamptz not null default now(),
  revision integer not null default 1
);

-- ---- The report --------------------------------------------------------------------------------
create table report (
  inspection_id uuid primary key references inspection (id) on delete cascade,
  -- The factual accuracy check: when the draft went to the area and the last day for comments.
  factual_accuracy_version integer,
  factual_accuracy_sent_at timestamptz,
  factual_accuracy_deadline date,
  -- Publication set for a later moment; the outcome stays embargoed until then.
  scheduled_for timestamptz,
  scheduled_by uuid references app_user (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index report_scheduled_idx on report (scheduled_for) where scheduled_for is not null;

-- Every saved draft: the narrative the inspectors write, section by section (paragraphs and lists).
create table report_version (
  inspection_id uuid not null references inspection (id) on delete cascade,
  number integer not null check (number >= 1),
  -- { "<section code>": [ { "type": "paragraph", "text": "..." } | { "type": "list", "items": [...] } ] }
  sections jsonb not null,
  change_note text not null default '',
  created_by uuid references app_user (id) on delete set null,
  created_by_label text not null,
  created_at timestamptz not null default now(),
  primary key (inspection_id, number)
);

-- Comments on a paragraph of a version: the QA reader's, and the area's in the factual accuracy check.
create table report_comment (
  id uuid primary key default gen_random_uuid(),
  inspection_id uuid not null references inspection (id) on delete cascade,
  stage text not null check (stage in ('quality_assurance', 'factual_accuracy')),
  version_number integer not null,
  -- The paragraph: its key in the composed document ("<section code>.<n>") and its text then.
  paragraph_key text not null,
  quoted text not null,
  body text not null check (length(body) between 1 and 5000),
  author_id uuid references app_user (id) on delete set null,
  author_label text not null,
  created_at timestamptz not null default now(),
  -- QA comments are resolved; factual accuracy comments are accepted or rejected (with a reason).
  status text not null default 'open' check (status in ('open', 'resolved', 'accepted', 'rejected')),
  response text not null default '',
  responded_by uuid references app_user (id) on delete set null,
  responded_by_label text,
  responded_at timestamptz,
  check ((status = 'open') = (responded_at is null))
);
create index report_comment_inspection_idx on report_comment (inspection_id, stage, created_at);

-- The leads' sign-off of the report as composed: a sign-off holds for that exact content only.
create table report_sign_off (
  inspection_id uuid not null references inspection (id) on delete cascade,
  role text not null check (role in ('ofsted_lead', 'cqc_lead')),
  user_id uuid references app_user (id) on delete set null,
  user_label text not null,
  version_number integer not null,
  -- SHA-256 of the composed document signed off.
  document_hash text not null,
  signed_at timestamptz not null default now(),
  primary key (inspection_id, role)
);

-- What the public sees: the composed document frozen at publication, then each published correction.
create table report_publication (
  id uuid primary key default gen_random_uuid(),
  inspection_id uuid not null references inspection (id) on delete cascade,
  -- 1 is the report as first published; 2 and on are corrections.
  sequence integer not null check (sequence >= 1),
  document jsonb not null,
  document_hash text not null,
  -- The draft version published (none for imported historical reports).
  version_number integer,
  correction_note text,
  published_at timestamptz not null,
  published_by uuid references app_user (id) on delete set null,
  published_by_label text not null,
  -- The PDF and DOCX, made once and kept so every reader gets the same file.
  pdf_file_id uuid references stored_file (id) on delete set null,
  docx_file_id uuid references stored_file (id) on delete set null,
  unique (inspection_id, sequence),
  check ((sequence = 1) = (correction_note is null))
);
create index report_publication_published_idx on report_publication (published_at desc);

-- ---- The public site's "Is this page useful?" ---------------------------------------------------
create table page_feedback (
  id uuid primary key default gen_random_uuid(),
  page_path text not null check (length(page_path) <= 500),
  kind text not null check (kind in ('useful', 'not_useful', 'problem')),
  what_doing text not null default '',
  what_wrong text not null default '',
  status text not null default 'new' check (status in ('new', 'in_progress', 'resolved', 'spam')),
  triage_note text not null default '',
  triaged_by uuid references app_user (id) on delete set null,
  triaged_at timestamptz,
  created_at timestamptz not null default now()
);
create index page_feedback_status_idx on page_feedback (status, created_at desc);
