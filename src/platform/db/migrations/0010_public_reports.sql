-- The public reports site: the facts its search filters, sorts and lists, read by the database from
-- each publication's frozen document once when it is written. A search then reads one narrow table,
-- never opening (and decompressing) whole documents, and shows each report as it was published.
alter table report_publication
  add column doc_reference text generated always as (document ->> 'reference') stored,
  add column doc_la_code text generated always as (document #>> '{area,laCode}') stored,
  add column doc_area_name text generated always as (document #>> '{area,name}') stored,
  add column doc_region text generated always as (document #>> '{area,region}') stored,
  add column doc_framework_code text generated always as (document #>> '{framework,code}') stored,
  add column doc_framework_name text generated always as (document #>> '{framework,name}') stored,
  add column doc_inspection_type text generated always as (document #>> '{inspectionType,code}') stored,
  add column doc_inspection_type_name text generated always as (document #>> '{inspectionType,name}') stored,
  add column doc_outcome_code text generated always as (document #>> '{outcome,code}') stored,
  add column doc_outcome_label text generated always as (document #>> '{outcome,label}') stored,
  -- 'YYYY-MM-DD' as text: a cast to date depends on the session's date style, which a generated column may not.
  add column doc_onsite_start text generated always as (document #>> '{dates,onsiteStart}') stored,
  add column doc_onsite_end text generated always as (document #>> '{dates,onsiteEnd}') stored,
  add column doc_historical boolean generated always as ((document ->> 'historical')::boolean) stored;

-- The latest publication an inspection has at a moment: its newest sequence published by then.
create index report_publication_inspection_published_idx on report_publication (inspection_id, sequence desc, published_at);
