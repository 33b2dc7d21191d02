import type pg from "pg";
import { rankSequence } from "@/lib/deals/rank";
import { LOSS_CATEGORY_IDS, type Stage } from "@/lib/deals/stages";
import { DEFAULT_PIPELINE_STAGES, findStage } from "@/lib/pipelines/model";
import { newId } from "@/lib/ids";

/**
 * Bulk loading for the benchmark: companies, contacts, deals and activities for one tenant,
 * written with multi-row `insert … select from unnest(…)` in batches (tens of thousands of
 * rows per statement), with board positions from rankSequence per stage, deal numbers per
 * year and the tenant's deal counters advanced past them.
 */

const BATCH = 5_000;

const COMPANY_WORDS = [
  "Sakura", "Fuji", "Hokuto", "Aoba", "Kawasaki", "Minato", "Tsubasa", "Hikari", "Midori", "Asahi",
  "Northwind", "Contoso", "Fabrikam", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Acme", "Tyrell",
  "Kobayashi", "Yamato", "Shinsei", "Daiwa", "Kyoto", "Osaka", "Nagoya", "Sendai", "Kobe", "Sapporo",
  "Bluebird", "Redwood", "Silverline", "Brightwater", "Ironbridge", "Stonegate", "Clearview", "Highland", "Lakeside", "Summit",
];
const COMPANY_KINDS = ["Trading", "Logistics", "Foods", "Electric", "Systems", "Holdings", "Pharma", "Motors", "Retail", "Labs"];
const PRODUCTS = [
  "CRM rollout", "Annual license", "Support renewal", "Data migration", "Cloud upgrade", "Security audit",
  "Training package", "Hardware refresh", "Consulting retainer", "API integration", "Analytics add-on", "Pilot project",
];
const FIRST_NAMES = ["Haruto", "Yui", "Sota", "Aoi", "Ren", "Hina", "Emma", "Liam", "Olivia", "Noah", "Mei", "Kenji", "Sarah", "James", "Akiko"];
const LAST_NAMES = ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Smith", "Johnson", "Brown", "Nakamura", "Kobayashi", "Miller"];
const CURRENCIES = ["JPY", "JPY", "JPY", "JPY", "JPY", "JPY", "USD", "USD", "EUR"];
const SOURCES = ["inbound", "outbound", "referral", "rfp", "partner", "event", "website"];
const TAGS = ["enterprise", "smb", "priority", "renewal", "apac", "emea", "重点顧客", "新規開拓"];
// Every fourth company has a Japanese name (株式会社北斗食品 3), and its deals Japanese names that do
// not repeat it: the search scenarios find those deals through the company's name alone.
const JP_COMPANY_WORDS = ["桜", "富士", "北斗", "青葉", "川崎", "港", "翼", "光", "緑", "旭"];
const JP_COMPANY_KINDS = ["商事", "物流", "食品", "電機", "システム", "ホールディングス", "製薬", "自動車", "リテール", "研究所"];
const JP_PRODUCTS = ["年間保守契約", "基幹システム更改", "クラウド移行", "セキュリティ診断", "研修パッケージ", "データ連携", "ハードウェア更新", "試験導入"];
const isJapaneseCompany = (i: number) => i % 4 === 3;

/** The company's name: English, or for every fourth company Japanese. */
function companyName(i: number): string {
  if (isJapaneseCompany(i)) {
    const j = (i - 3) / 4;
    return `株式会社${JP_COMPANY_WORDS[j % JP_COMPANY_WORDS.length]}${JP_COMPANY_KINDS[Math.floor(j / JP_COMPANY_WORDS.length) % JP_COMPANY_KINDS.length]} ${Math.floor(j / (JP_COMPANY_WORDS.length * JP_COMPANY_KINDS.length)) + 1}`;
  }
  return `${COMPANY_WORDS[i % COMPANY_WORDS.length]} ${COMPANY_KINDS[Math.floor(i / COMPANY_WORDS.length) % COMPANY_KINDS.length]} ${Math.floor(i / (COMPANY_WORDS.length * COMPANY_KINDS.length)) + 1}`;
}

/** A small deterministic PRNG, so two loads of the same size produce the same data. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface LoadInput {
  tenantId: string;
  ownerIds: string[];
  deals: number;
  /** Stages to spread deals over, with weights (stages of the default pipeline). */
  stages: Array<[Stage, number]>;
  /**
   * Extra pipelines (besides the default one) to create with the default pipeline's stages, and
   * the share of the deals each gets; the default pipeline keeps the rest.
   */
  extraPipelines?: Array<{ name: string; share: number }>;
  companies: number;
  contacts: number;
  /** Extra note activities per deal, on average (each deal also gets its `created` activity). */
  notesPerDeal?: number;
  seed?: number;
  /** The newest created_at; deals spread over the `spanDays` before it. */
  now?: Date;
  spanDays?: number;
  log?: (line: string) => void;
}

interface LoadResult {
  dealIds: string[];
  byStage: Map<Stage, string[]>;
  companyIds: string[];
  contactIds: string[];
}

export async function loadTenant(client: pg.ClientBase, input: LoadInput): Promise<LoadResult> {
  const rand = prng(input.seed ?? 42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const log = input.log ?? (() => {});
  const now = input.now ?? new Date();
  const spanMs = (input.spanDays ?? 730) * 86_400_000;

  // ---- companies and contacts ----
  const companies = Array.from({ length: input.companies }, (_, i) => ({
    id: newId("company"),
    name: companyName(i),
    japanese: isJapaneseCompany(i),
  }));
  for (let i = 0; i < companies.length; i += BATCH) {
    const part = companies.slice(i, i + BATCH);
    await client.query(
      `insert into companies (id, tenant_id, name, industry, created_at, updated_at)
       select id, $1, name, $4, now(), now() from unnest($2::text[], $3::text[]) as t(id, name)`,
      [input.tenantId, part.map((c) => c.id), part.map((c) => c.name), "Manufacturing"],
    );
  }
  const contacts = Array.from({ length: input.contacts }, (_, i) => ({
    id: newId("contact"),
    company: companies[i % companies.length],
    first: pick(FIRST_NAMES),
    last: pick(LAST_NAMES),
  }));
  for (let i = 0; i < contacts.length; i += BATCH) {
    const part = contacts.slice(i, i + BATCH);
    await client.query(
      `insert into contacts (id, tenant_id, company_id, first_name, last_name, email, created_at, updated_at)
       select id, $1, company_id, first_name, last_name, lower(first_name || '.' || last_name || '.' || right(id, 6)) || '@example.test', now(), now()
       from unnest($2::text[], $3::text[], $4::text[], $5::text[]) as t(id, company_id, first_name, last_name)`,
      [input.tenantId, part.map((c) => c.id), part.map((c) => c.company.id), part.map((c) => c.first), part.map((c) => c.last)],
    );
  }
  log(`  ${companies.length} companies, ${contacts.length} contacts`);

  // ---- deals ----
  const totalWeight = input.stages.reduce((s, [, w]) => s + w, 0);
  const stageOf = (r: number): Stage => {
    let acc = 0;
    for (const [stage, w] of input.stages) {
      acc += w / totalWeight;
      if (r < acc) return stage;
    }
    return input.stages[input.stages.length - 1][0];
  };
  // ---- pipelines: the default one (made with the workspace) and any extra ones ----
  const { rows: defaults } = await client.query<{ id: string }>(`select id from pipelines where tenant_id = $1 and is_default`, [input.tenantId]);
  const pipelines = [{ id: defaults[0].id, share: 1 - (input.extraPipelines ?? []).reduce((n, p) => n + p.share, 0) }];
  for (const [i, extra] of (input.extraPipelines ?? []).entries()) {
    const id = newId("pipeline");
    await client.query(`insert into pipelines (id, tenant_id, name, position) values ($1, $2, $3, $4)`, [id, input.tenantId, extra.name, i + 1]);
    await client.query(
      `insert into pipeline_stages (tenant_id, pipeline_id, id, name, kind, probability, rotting_days, position)
       select tenant_id, $2, id, name, kind, probability, rotting_days, position from pipeline_stages where tenant_id = $1 and pipeline_id = $3`,
      [input.tenantId, id, pipelines[0].id],
    );
    pipelines.push({ id, share: extra.share });
  }
  const pipelineOf = (r: number): string => {
    let acc = 0;
    for (const p of pipelines) {
      acc += p.share;
      if (r < acc) return p.id;
    }
    return pipelines[0].id;
  };

  interface DealSeed {
    id: string;
    pipelineId: string;
    stage: Stage;
    createdAt: Date;
  }
  const seeds: DealSeed[] = [];
  for (let i = 0; i < input.deals; i++) {
    // Oldest first, so ids (time-ordered ULIDs) and created_at grow together.
    const createdAt = new Date(now.getTime() - spanMs + Math.floor((spanMs * i) / input.deals));
    seeds.push({ id: newId("deal"), pipelineId: pipelineOf(rand()), stage: stageOf(rand()), createdAt });
  }
  // The benchmark's scenarios move and read the default pipeline's cards.
  const byStage = new Map<Stage, string[]>();
  for (const s of seeds) if (s.pipelineId === pipelines[0].id) byStage.set(s.stage, [...(byStage.get(s.stage) ?? []), s.id]);
  const byColumn = new Map<string, string[]>();
  for (const s of seeds) byColumn.set(`${s.pipelineId} ${s.stage}`, [...(byColumn.get(`${s.pipelineId} ${s.stage}`) ?? []), s.id]);
  const positions = new Map<string, string>();
  for (const [, ids] of byColumn) {
    const ranks = rankSequence(ids.length);
    ids.forEach((id, i) => positions.set(id, ranks[i]));
  }

  // Deal numbers per creation year, continuing any existing counter.
  const counters = new Map<number, number>();
  const existing = await client.query<{ year: number; last_value: number }>(
    `select year, last_value from deal_counters where tenant_id = $1`,
    [input.tenantId],
  );
  for (const r of existing.rows) counters.set(r.year, r.last_value);
  const numbers = seeds.map((s) => {
    const year = s.createdAt.getUTCFullYear();
    const next = (counters.get(year) ?? 0) + 1;
    counters.set(year, next);
    if (next > 99_999) throw new Error(`more than 99,999 deals in ${year}: widen spanDays`);
    return `DEAL-${year}-${String(next).padStart(5, "0")}`;
  });

  const started = Date.now();
  for (let i = 0; i < seeds.length; i += BATCH) {
    const part = seeds.slice(i, i + BATCH);
    const cols = {
      id: [] as string[], number: [] as string[], name: [] as string[], amount: [] as (string | null)[], currency: [] as string[],
      pipeline: [] as string[], stage: [] as string[], probability: [] as number[], company: [] as string[], contact: [] as string[], owner: [] as string[],
      close: [] as string[], won: [] as (string | null)[], actual: [] as (string | null)[], lostReason: [] as (string | null)[],
      lossCategory: [] as (string | null)[], position: [] as string[], created: [] as string[], source: [] as string[], tags: [] as string[],
    };
    part.forEach((s, j) => {
      const c = contacts[Math.floor(rand() * contacts.length)];
      const company = c.company;
      const close = new Date(s.createdAt.getTime() + (30 + Math.floor(rand() * 150)) * 86_400_000).toISOString().slice(0, 10);
      cols.id.push(s.id);
      cols.number.push(numbers[i + j]);
      cols.name.push(company.japanese ? pick(JP_PRODUCTS) : `${pick(PRODUCTS)} — ${company.name}`);
      cols.amount.push(rand() < 0.05 ? null : String(Math.round(rand() * 500) * 10_000));
      cols.currency.push(pick(CURRENCIES));
      cols.pipeline.push(s.pipelineId);
      cols.stage.push(s.stage);
      cols.probability.push(findStage(DEFAULT_PIPELINE_STAGES, s.stage)!.probability);
      cols.company.push(company.id);
      cols.contact.push(c.id);
      cols.owner.push(input.ownerIds[Math.floor(rand() * input.ownerIds.length)]);
      cols.close.push(close);
      const closed = s.stage === "closed_won" || s.stage === "closed_lost";
      cols.won.push(s.stage === "closed_won" ? close : null);
      cols.actual.push(closed ? close : null);
      cols.lostReason.push(s.stage === "closed_lost" ? "Chose another vendor" : null);
      cols.lossCategory.push(s.stage === "closed_lost" ? pick(LOSS_CATEGORY_IDS) : null);
      cols.position.push(positions.get(s.id)!);
      cols.created.push(s.createdAt.toISOString());
      cols.source.push(pick(SOURCES));
      cols.tags.push(rand() < 0.3 ? `{${pick(TAGS)}}` : "{}");
    });
    await client.query(
      `insert into deals (id, tenant_id, deal_number, name, amount, currency, stage, probability, company_id, contact_id,
         contact_ids, assigned_member_id, expected_close_date, won_date, actual_close_date, lost_reason, loss_category,
         position, stage_entered_at, created_at, updated_at, created_by, updated_by, deal_source, tags, audit_log, pipeline_id)
       select t.id, $1, t.number, t.name, t.amount::numeric, t.currency, t.stage, t.probability, t.company, t.contact,
         array[t.contact], t.owner, t.close::date, t.won::date, t.actual::date, t.lost_reason, t.loss_category,
         t.position, t.created::timestamptz, t.created::timestamptz, t.created::timestamptz, t.owner, t.owner, t.source, t.tags::text[],
         jsonb_build_array(jsonb_build_object('from', null, 'to', t.stage, 'at', t.created, 'by', t.owner)), t.pipeline
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[],
         $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[],
         $21::text[])
         as t(id, number, name, amount, currency, stage, probability, company, contact, owner, close, won, actual,
              lost_reason, loss_category, position, created, source, tags, pipeline)`,
      [
        input.tenantId, cols.id, cols.number, cols.name, cols.amount, cols.currency, cols.stage, cols.probability, cols.company,
        cols.contact, cols.owner, cols.close, cols.won, cols.actual, cols.lostReason, cols.lossCategory, cols.position,
        cols.created, cols.source, cols.tags, cols.pipeline,
      ],
    );
    if ((i / BATCH) % 4 === 3) log(`  ${i + part.length} deals…`);
  }
  log(`  ${seeds.length} deals in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  for (const [year, last] of counters) {
    await client.query(
      `insert into deal_counters (tenant_id, year, last_value) values ($1, $2, $3)
       on conflict (tenant_id, year) do update set last_value = greatest(deal_counters.last_value, excluded.last_value)`,
      [input.tenantId, year, last],
    );
  }

  // ---- activities: every deal's `created` entry, plus notes on some ----
  const notes = input.notesPerDeal ?? 0.5;
  for (let i = 0; i < seeds.length; i += BATCH) {
    const part = seeds.slice(i, i + BATCH);
    const ids: string[] = [];
    const dealIds: string[] = [];
    const types: string[] = [];
    const contents: (string | null)[] = [];
    const at: string[] = [];
    for (const s of part) {
      ids.push(newId("activity"));
      dealIds.push(s.id);
      types.push("created");
      contents.push(null);
      at.push(s.createdAt.toISOString());
      if (rand() < notes) {
        ids.push(newId("activity"));
        dealIds.push(s.id);
        types.push(pick(["note", "call", "email", "meeting"]));
        contents.push("Discussed scope and next steps with the customer.");
        at.push(new Date(s.createdAt.getTime() + 86_400_000).toISOString());
      }
    }
    await client.query(
      `insert into deal_activities (id, tenant_id, deal_id, type, content, data, occurred_at, created_at, created_by, source_type)
       select t.id, $1, t.deal_id, t.type, t.content, '{}'::jsonb, t.at::timestamptz, t.at::timestamptz, $7, 'system'
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as t(id, deal_id, type, content, at)`,
      [input.tenantId, ids, dealIds, types, contents, at, input.ownerIds[0]],
    );
  }
  log(`  activities written`);

  return { dealIds: seeds.map((s) => s.id), byStage, companyIds: companies.map((c) => c.id), contactIds: contacts.map((c) => c.id) };
}
