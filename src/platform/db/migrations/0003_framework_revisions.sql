-- A framework file changed back to earlier wording is a new revision (the newest is the one in
-- force), so the same content may be stored under more than one revision number.
alter table framework_revision drop constraint if exists framework_revision_framework_code_content_hash_key;
create index framework_revision_code_hash_idx on framework_revision (framework_code, content_hash);
