import { type Kysely, sql } from "kysely";

// Search finds what reps type: a deal by its name or number, its company's name, its contacts'
// names or its tags, whatever the case and the character width ("ｃｏｎｔｏｓｏ" finds "Contoso",
// "ﾌｼﾞ" finds "フジ").
//
// - `search_fold(text)`: Unicode NFKC (full-width and half-width forms, kana width, compatibility
//   characters), then lower case, with final sigma folded to sigma. lib/records/search.ts folds a
//   query the same way in JavaScript (`foldSearch`); lib/records/search.api.test.ts checks that the
//   two agree, on both drivers. (U+0130 "İ" lowers to "i" here and to "i̇" in JavaScript, so the
//   JavaScript side reads it as "I" first.)
// - `deals.search_text`: the folded deal number, name, company name, primary contact name, the
//   names of the other contacts in `contact_ids`, and tags, one per line. Kept by a BEFORE
//   trigger named to run after `deals_read_model` (triggers of one kind fire in name order), so it
//   sees the names that trigger looked up; it recomputes only when one of those inputs changes,
//   so a stage move does no extra work. Renaming a company or a primary contact rewrites its
//   deals' stored names (deals_read_model's triggers), which recomputes their search text here;
//   renaming a contact listed only in `contact_ids` is handled by `contacts_search_text`.
// - A trigram index (pg_trgm, GIN) on `search_text` serves `search_text like '%…%'` for any text
//   of three characters or more, CJK included; it replaces the index on the deal name and number.
//   Shorter queries ("東京") cannot use trigrams: they stay correct, scanning the tenant's deals
//   (a page stops at its first matches in sort order; its count reads them all).
// - Companies' and contacts' own lists search the folded name through expression indexes on
//   the same function.

const up_statements = [
  `create function search_fold(t text) returns text language sql immutable parallel safe as $$
     select replace(lower(normalize(t, NFKC)), 'ς', 'σ')
   $$`,

  `alter table deals add column search_text text`,

  `create function deal_search_text(d deals) returns text language sql stable as $$
     select search_fold(concat_ws(E'\\n', d.deal_number, d.name, d.company_name, d.contact_name,
       (select string_agg(person_name(ct.first_name, ct.last_name), E'\\n' order by ct.id)
          from contacts ct
         where ct.tenant_id = d.tenant_id and ct.id = any (d.contact_ids) and ct.id is distinct from d.contact_id),
       array_to_string(d.tags, E'\\n')))
   $$`,

  `create function deals_search_text_trigger() returns trigger language plpgsql as $$
   begin
     if tg_op = 'INSERT' or new.search_text is null
        or new.name is distinct from old.name or new.deal_number is distinct from old.deal_number
        or new.company_name is distinct from old.company_name or new.contact_name is distinct from old.contact_name
        or new.contact_id is distinct from old.contact_id or new.contact_ids is distinct from old.contact_ids
        or new.tags is distinct from old.tags then
       new.search_text := deal_search_text(new);
     end if;
     return new;
   end $$`,
  `create trigger deals_search_text before insert or update on deals
   for each row execute function deals_search_text_trigger()`,

  // A renamed contact that a deal lists among its contacts but not as its primary one (the
  // primary one's name is rewritten by contacts_rename, which recomputes the text above).
  `create function contacts_search_text_trigger() returns trigger language plpgsql as $$
   begin
     update deals d set search_text = deal_search_text(d)
      where d.tenant_id = new.tenant_id and d.contact_ids @> array[new.id] and d.contact_id is distinct from new.id;
     return null;
   end $$`,
  `create trigger contacts_search_text after update of first_name, last_name on contacts
   for each row when (person_name(old.first_name, old.last_name) is distinct from person_name(new.first_name, new.last_name))
   execute function contacts_search_text_trigger()`,

  `update deals d set search_text = deal_search_text(d)`,
  `alter table deals alter column search_text set not null`,

  `create index deals_search_trgm_idx on deals using gin (search_text gin_trgm_ops)`,
  `drop index if exists deals_name_trgm_idx`,

  `create index companies_name_fold_trgm_idx on companies using gin (search_fold(name) gin_trgm_ops)`,
  `drop index if exists companies_name_trgm_idx`,
  `create index contacts_name_fold_trgm_idx on contacts using gin (
     search_fold(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '')) gin_trgm_ops)`,
  `drop index if exists contacts_name_trgm_idx`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `drop index if exists contacts_name_fold_trgm_idx`,
    `create index if not exists contacts_name_trgm_idx on contacts using gin (lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '')) gin_trgm_ops)`,
    `drop index if exists companies_name_fold_trgm_idx`,
    `create index if not exists companies_name_trgm_idx on companies using gin (lower(name) gin_trgm_ops)`,
    `drop index if exists deals_search_trgm_idx`,
    `create index if not exists deals_name_trgm_idx on deals using gin (lower(name || ' ' || deal_number) gin_trgm_ops)`,
    `drop trigger contacts_search_text on contacts`,
    `drop function contacts_search_text_trigger()`,
    `drop trigger deals_search_text on deals`,
    `drop function deals_search_text_trigger()`,
    `drop function deal_search_text(deals)`,
    `alter table deals drop column search_text`,
    `drop function search_fold(text)`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}
