import { type Kysely, sql } from "kysely";
import { activityRow, companyRow, contactRow, dealRow, formatDealNumber, type NewActivity, type NewCompany, type NewContact } from "@/db/factories";
import type { AuditEntry, Database, NewDealRow } from "@/db/tables";
import { inTransaction } from "@/lib/db-transaction";
import { rankSequence } from "@/lib/deals/rank";
import { newId } from "@/lib/ids";
import { DEAL_SOURCE_SUGGESTIONS, DEAL_TYPE_SUGGESTIONS, type LossCategory, type Stage } from "@/lib/deals/stages";
import { DEFAULT_PIPELINE_STAGES, findStage } from "@/lib/pipelines/model";

export interface SeedCrmInput {
  tenantId: string;
  managerId: string;
  repIds: string[];
  /** "Today" for the demo; defaults to now. Dates are relative to it so the board always looks current. */
  now?: Date;
}

/**
 * The demo tenant's CRM data: about 20 companies, 40 contacts and 120 deals across every stage,
 * each with a timeline (creation, stage changes matching its audit log, notes, calls, meetings,
 * emails, tasks). Rows are written in bulk exactly as the deals service writes them. A seeded
 * PRNG makes the data the same on every run (relative to today), so screenshots are stable.
 */
export async function seedDemoCrm(db: Kysely<Database>, input: SeedCrmInput): Promise<string> {
  const data = buildDemoCrm(input);
  await inTransaction(db, async (trx) => {
    await trx.insertInto("companies").values(data.companies).execute();
    await trx.insertInto("contacts").values(data.contacts).execute();
    for (const chunk of chunks(data.deals, 100)) await trx.insertInto("deals").values(chunk).execute();
    for (const chunk of chunks(data.activities, 500)) await trx.insertInto("deal_activities").values(chunk).execute();
    await refreshAllNextSteps(trx, input.tenantId);
    for (const [year, last] of data.counters) {
      await trx
        .insertInto("deal_counters")
        .values({ tenant_id: input.tenantId, year, last_value: last })
        .onConflict((oc) => oc.columns(["tenant_id", "year"]).doUpdateSet({ last_value: last }))
        .execute();
    }
  });
  const live = data.deals.filter((d) => !d.is_deleted).length;
  return `${data.companies.length} companies, ${data.contacts.length} contacts, ${live} deals (+${data.deals.length - live} in the trash), ${data.activities.length} activities`;
}

/**
 * A seeded task: due on `day` (all day), the deal owner's; done when the deal is closed or the day
 * has passed (a demo whose every past task were overdue would teach nothing).
 */
function seedTask(day: string, closed: boolean, owner: string | null) {
  const due = new Date(`${day}T00:00:00.000Z`);
  const done = closed || due.getTime() < Date.now() - 86_400_000;
  return { due_at: due, due_all_day: true, assignee_id: owner, done, done_at: done ? due : null };
}

/** Every deal's next step (its earliest open task, lib/deals/next-step.ts) and the follow-up date it drives, in bulk. */
async function refreshAllNextSteps(db: Kysely<Database>, tenantId: string): Promise<void> {
  await sql`update deals d set next_task_id = n.id, next_task_due = n.due_at, next_task_all_day = n.due_all_day, next_task_title = n.content,
       next_followup_date = case when d.next_followup_manual then d.next_followup_date else (n.due_at at time zone 'UTC')::date end
     from (select distinct on (a.deal_id) a.deal_id, a.id, a.due_at, a.due_all_day, a.content
             from deal_activities a where a.tenant_id = ${tenantId} and a.type = 'task' and not a.done
            order by a.deal_id, a.due_at asc nulls last, a.created_at, a.id) n
    where d.tenant_id = ${tenantId} and d.id = n.deal_id`.execute(db);
}

function* chunks<T>(rows: T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

// ---------- deterministic randomness ----------

/** mulberry32: a tiny seeded PRNG, so the demo is identical on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
    some: <T>(items: readonly T[], max: number): T[] => {
      const pool = [...items];
      const out: T[] = [];
      const n = Math.floor(next() * (max + 1));
      while (out.length < n && pool.length) out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
      return out;
    },
  };
}

const DAY = 86_400_000;
const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

// ---------- the demo world ----------

type Lang = "ja" | "en";

interface CompanySpec {
  name: string;
  short: string;
  domain: string;
  industry: string;
  phone: string;
  address: string;
  lang: Lang;
  currency: "JPY" | "USD" | "EUR";
  /** Relative weight for how many deals this company gets. */
  weight: number;
  people: Array<[first: string, last: string, title: string, romaji?: string]>;
}

const COMPANIES: CompanySpec[] = [
  { name: "株式会社さくら物産", short: "さくら物産", domain: "sakura-bussan.co.jp", industry: "商社", phone: "03-3271-0101", address: "東京都中央区日本橋2-1-1", lang: "ja", currency: "JPY", weight: 4,
    people: [["花子", "鈴木", "購買部 部長", "hanako.suzuki"], ["健一", "佐藤", "情報システム部 課長", "kenichi.sato"]] },
  { name: "Tanaka Logistics", short: "Tanaka Logistics", domain: "tanaka-logistics.jp", industry: "Logistics", phone: "045-222-0188", address: "2-3 Minatomirai, Nishi-ku, Yokohama", lang: "en", currency: "JPY", weight: 3,
    people: [["Hiroshi", "Tanaka", "COO"], ["Aya", "Mori", "Operations Manager"]] },
  { name: "Northwind Traders", short: "Northwind", domain: "northwind.example.com", industry: "Wholesale", phone: "+1 206-555-0142", address: "1200 Pine St, Seattle, WA", lang: "en", currency: "USD", weight: 2,
    people: [["Nancy", "Davolio", "VP Sales Operations"], ["Andrew", "Fuller", "CFO"]] },
  { name: "山田製作所", short: "山田製作所", domain: "yamada-ss.co.jp", industry: "製造業", phone: "06-6781-3300", address: "大阪府東大阪市高井田元町1-5", lang: "ja", currency: "JPY", weight: 3,
    people: [["太郎", "山田", "代表取締役", "taro.yamada"], ["美咲", "中村", "生産管理課 主任", "misaki.nakamura"]] },
  { name: "富士精機株式会社", short: "富士精機", domain: "fuji-seiki.co.jp", industry: "産業機械", phone: "054-255-7100", address: "静岡県静岡市駿河区南町14-25", lang: "ja", currency: "JPY", weight: 3,
    people: [["誠", "渡辺", "経営企画室 室長", "makoto.watanabe"], ["由美", "伊藤", "総務部 係長", "yumi.ito"]] },
  { name: "Contoso Pharmaceuticals", short: "Contoso", domain: "contoso-pharma.com", industry: "Pharmaceuticals", phone: "+1 617-555-0190", address: "50 Milk St, Boston, MA", lang: "en", currency: "USD", weight: 2,
    people: [["Rachel", "Kim", "Director of IT"], ["Marcus", "Webb", "Procurement Lead"]] },
  { name: "株式会社みなとシステムズ", short: "みなとシステムズ", domain: "minato-sys.co.jp", industry: "ITサービス", phone: "03-5442-8800", address: "東京都港区芝浦3-4-1", lang: "ja", currency: "JPY", weight: 3,
    people: [["翔太", "高橋", "営業本部 本部長", "shota.takahashi"], ["彩", "小林", "マーケティング部", "aya.kobayashi"]] },
  { name: "Blue Harbor Foods", short: "Blue Harbor", domain: "blueharborfoods.com", industry: "Food & beverage", phone: "+65 6555 0123", address: "80 Robinson Rd, Singapore", lang: "en", currency: "USD", weight: 1,
    people: [["Grace", "Lim", "Head of Supply Chain"], ["Daniel", "Tan", "IT Manager"]] },
  { name: "北斗エネルギー株式会社", short: "北斗エネルギー", domain: "hokuto-energy.co.jp", industry: "エネルギー", phone: "011-231-4500", address: "北海道札幌市中央区北一条西4-2", lang: "ja", currency: "JPY", weight: 2,
    people: [["大輔", "加藤", "設備部 部長", "daisuke.kato"], ["明美", "吉田", "調達グループ", "akemi.yoshida"]] },
  { name: "Kobayashi Design Studio", short: "Kobayashi Design", domain: "kobayashi-design.jp", industry: "Design", phone: "075-211-0456", address: "Karasuma-dori, Nakagyo-ku, Kyoto", lang: "en", currency: "JPY", weight: 1,
    people: [["Yuki", "Kobayashi", "Founder"], ["Liam", "Baker", "Studio Manager"]] },
  { name: "京都テキスタイル株式会社", short: "京都テキスタイル", domain: "kyoto-textile.co.jp", industry: "繊維", phone: "075-351-2200", address: "京都府京都市下京区四条通烏丸東入", lang: "ja", currency: "JPY", weight: 2,
    people: [["修", "松本", "取締役 営業部長", "osamu.matsumoto"], ["千尋", "井上", "EC事業部", "chihiro.inoue"]] },
  { name: "Fabrikam Retail Group", short: "Fabrikam", domain: "fabrikam-retail.com", industry: "Retail", phone: "+44 20 7946 0321", address: "1 Canada Square, London", lang: "en", currency: "EUR", weight: 2,
    people: [["Oliver", "Hughes", "Chief Digital Officer"], ["Sophie", "Turner", "Category Manager"]] },
  { name: "青葉メディカル株式会社", short: "青葉メディカル", domain: "aoba-medical.jp", industry: "医療機器", phone: "022-262-1100", address: "宮城県仙台市青葉区一番町1-9", lang: "ja", currency: "JPY", weight: 2,
    people: [["陽子", "木村", "品質保証部 部長", "yoko.kimura"], ["拓也", "林", "営業企画", "takuya.hayashi"]] },
  { name: "Globex Engineering GmbH", short: "Globex", domain: "globex-engineering.de", industry: "Engineering", phone: "+49 89 5555 0190", address: "Leopoldstraße 10, München", lang: "en", currency: "EUR", weight: 2,
    people: [["Katrin", "Müller", "Head of Procurement"], ["Jonas", "Becker", "Project Lead"]] },
  { name: "株式会社ひかり通信", short: "ひかり通信", domain: "hikari-tsushin.co.jp", industry: "通信", phone: "052-951-3300", address: "愛知県名古屋市中区栄3-15", lang: "ja", currency: "JPY", weight: 3,
    people: [["直樹", "清水", "法人営業部 部長", "naoki.shimizu"], ["愛", "山口", "カスタマーサクセス", "ai.yamaguchi"]] },
  { name: "Summit Capital Partners", short: "Summit Capital", domain: "summitcap.com", industry: "Financial services", phone: "+1 212-555-0177", address: "745 Seventh Ave, New York, NY", lang: "en", currency: "USD", weight: 1,
    people: [["Jessica", "Morgan", "Managing Director"], ["Ethan", "Brooks", "Operations Analyst"]] },
  { name: "松本建設株式会社", short: "松本建設", domain: "matsumoto-kensetsu.co.jp", industry: "建設", phone: "092-711-5500", address: "福岡県福岡市中央区天神2-8", lang: "ja", currency: "JPY", weight: 2,
    people: [["浩", "松本", "工務部 部長", "hiroshi.matsumoto"], ["さくら", "斎藤", "経理部", "sakura.saito"]] },
  { name: "Lumen Analytics", short: "Lumen", domain: "lumen-analytics.io", industry: "Software", phone: "+49 30 5555 0145", address: "Torstraße 49, Berlin", lang: "en", currency: "EUR", weight: 1,
    people: [["Mia", "Schneider", "CEO"], ["Noah", "Fischer", "Head of Data"]] },
  { name: "おおぞら航空サービス株式会社", short: "おおぞら航空", domain: "oozora-air.co.jp", industry: "航空サービス", phone: "0476-32-1200", address: "千葉県成田市古込1-1", lang: "ja", currency: "JPY", weight: 2,
    people: [["隆", "石川", "運航管理部 部長", "takashi.ishikawa"], ["真由美", "前田", "調達課", "mayumi.maeda"]] },
  { name: "Pacific Rim Hotels", short: "Pacific Rim", domain: "pacificrimhotels.com", industry: "Hospitality", phone: "+1 808-555-0166", address: "2255 Kalakaua Ave, Honolulu, HI", lang: "en", currency: "USD", weight: 1,
    people: [["Kai", "Nakoa", "GM, Revenue"], ["Laura", "Chen", "Director of Sales"]] },
];

const PRODUCTS: Record<Lang, string[]> = {
  ja: ["基幹システム刷新", "営業支援ツール導入", "在庫管理クラウド移行", "年間保守契約更新", "全社ライセンス追加", "データ分析基盤構築", "工場IoT PoC", "コールセンター刷新", "電子契約導入", "セキュリティ監査支援", "新拠点ネットワーク構築", "RPA導入支援"],
  en: ["CRM rollout", "Analytics platform", "Annual renewal", "Warehouse automation pilot", "Seat expansion", "Data migration", "Security assessment", "Customer portal", "Integration package", "Enterprise licence", "Onboarding services", "Mobile app for field staff"],
};

const NOTES: Record<Lang, string[]> = {
  ja: [
    "先方の予算承認は来月の役員会で決定予定。決裁者は{contact}様。",
    "初回ヒアリング実施。現行システムの課題は在庫データ連携の遅延と手作業の多さ。",
    "競合と比較検討中とのこと。導入実績とサポート体制の優位性を強調する。",
    "見積書を送付済み。来週前半にフォローアップの電話を入れる。",
    "情報システム部からセキュリティチェックシートの提出依頼あり。",
    "導入時期は4月の新年度開始に合わせたいとの要望。",
  ],
  en: [
    "Budget sign-off expected at next month's board meeting; {contact} is the decision maker.",
    "Discovery done. Main pain: manual reporting across three regional teams.",
    "They are comparing us with two other vendors. Lead with integration depth and support SLAs.",
    "Sent the quote. Follow up early next week.",
    "IT asked for our security questionnaire and SOC 2 report.",
    "Target go-live is the start of their fiscal year.",
  ],
};
const CALLS: Record<Lang, string[]> = {
  ja: ["{contact}様と電話。導入スケジュールを確認、4月稼働を希望。", "{contact}様より折り返し。見積の内訳について質問あり、回答済み。", "電話で契約条件を確認。支払いサイトは60日で調整。"],
  en: ["Call with {contact}: confirmed timeline, aiming for a Q2 go-live.", "{contact} called back with questions on the pricing breakdown; answered.", "Quick call to align on contract terms; net-60 payment agreed in principle."],
};
const MEETINGS: Record<Lang, string[]> = {
  ja: ["{company}本社にてデモ実施。参加者6名、経理部門の関心が高い。", "オンライン商談：提案内容の説明。権限管理について質疑あり。", "役員向けプレゼン。ROI試算を提示し、前向きな反応。"],
  en: ["On-site demo at {company} HQ with six attendees; finance was very engaged.", "Video call walking through the proposal; questions on role-based access.", "Executive briefing: presented the ROI model, positive reception."],
};
const EMAILS: Record<Lang, string[]> = {
  ja: ["御礼メールを送付し、議事録を共有。", "改訂版の提案書（3年契約オプション付き）を送付。", "導入事例資料を{contact}様へ送付。"],
  en: ["Sent a thank-you note with the meeting minutes.", "Sent the revised proposal with a three-year pricing option.", "Shared two customer case studies with {contact}."],
};
const TASKS: Record<Lang, string[]> = {
  ja: ["見積書の再提出（値引き5%案）", "セキュリティチェックシート回答", "稟議用資料の作成支援"],
  en: ["Prepare ROI model for the CFO review", "Complete the security questionnaire", "Draft the mutual action plan"],
};
const LOSSES: Array<{ category: LossCategory; reason: Record<Lang, string> }> = [
  { category: "price", reason: { ja: "他社より見積額が2割高く、価格で不採用。", en: "Our quote was about 20% above the chosen vendor." } },
  { category: "competitor", reason: { ja: "既存取引のある競合ベンダーに決定。", en: "Went with the incumbent vendor they already work with." } },
  { category: "timing", reason: { ja: "組織再編のため今期の導入は見送り。", en: "Project postponed after a reorganisation." } },
  { category: "no_budget", reason: { ja: "予算が確保できず凍結。", en: "Budget was cut for this fiscal year." } },
  { category: "no_decision", reason: { ja: "社内で意思決定に至らず。", en: "No decision was made; the champion left the company." } },
  { category: "product_fit", reason: { ja: "既存の生産管理システムとの連携要件を満たせず。", en: "Needed an on-premise deployment we do not offer." } },
];
const COMPETITORS = ["Salesforce", "HubSpot", "Sansan", "Zoho", "Pipedrive", "kintone", "Microsoft Dynamics"];
const TAGS = ["enterprise", "smb", "priority", "pilot", "multi-year", "partner-led", "upsell-target", "at-risk"];

/** How many live deals end up in each stage, in board order (120 in all). */
const STAGE_COUNTS: Array<[Stage, number]> = [
  ["lead", 22],
  ["qualification", 20],
  ["proposal", 19],
  ["negotiation", 15],
  ["closed_won", 26],
  ["closed_lost", 18],
];
/** How long ago deals now in each stage were created (days): young leads, older closed deals. */
const AGE_DAYS: Record<Stage, [number, number]> = {
  lead: [1, 40],
  qualification: [8, 110],
  proposal: [20, 150],
  negotiation: [30, 200],
  closed_won: [40, 240],
  closed_lost: [40, 240],
};
const OPEN_PATH: Stage[] = ["lead", "qualification", "proposal", "negotiation"];
/**
 * How long a deal typically spends before entering each stage, relative to the others: leads
 * qualify quickly, proposals and negotiations take longer. Each deal's gaps scatter around these.
 */
const STAGE_PACE: Record<Stage, number> = {
  lead: 0,
  qualification: 0.6,
  proposal: 1,
  negotiation: 1.4,
  closed_won: 1.2,
  closed_lost: 0.9,
};

export interface DemoCrm {
  companies: NewCompany[];
  contacts: NewContact[];
  deals: NewDealRow[];
  activities: NewActivity[];
  /** Deal counter per year: the highest number used. */
  counters: Map<number, number>;
}

/** Builds every row without touching the database (also used by tests). */
export function buildDemoCrm({ tenantId, managerId, repIds, now = new Date() }: SeedCrmInput): DemoCrm {
  const rnd = prng(20261121);
  const pace = prng(20261203);
  const owners = [managerId, ...repIds];
  // Reps carry most deals; the manager keeps a few strategic ones.
  const ownerWeights = owners.map((id) => (id === managerId ? 1 : 2.5));
  const pickOwner = () => {
    let r = rnd.next() * ownerWeights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < owners.length; i++) if ((r -= ownerWeights[i]) < 0) return owners[i];
    return owners[owners.length - 1];
  };
  const ago = (days: number, hour = 10) => {
    const minute = rnd.int(0, 59);
    const d = new Date(now.getTime() - days * DAY);
    d.setUTCHours(hour - 9, minute, 0, 0); // office hours in Japan
    // Never in the future: "today at 17:00" may not have happened yet.
    return d.getTime() < now.getTime() ? d : new Date(now.getTime() - (minute + 5) * 60_000);
  };

  // Companies and their people.
  const companies: NewCompany[] = [];
  const contacts: NewContact[] = [];
  const peopleOf = new Map<string, NewContact[]>();
  COMPANIES.forEach((spec, i) => {
    const createdAt = ago(260 - i * 3);
    const company = companyRow(tenantId, {
      name: spec.name,
      domain: spec.domain,
      industry: spec.industry,
      phone: spec.phone,
      website: `https://www.${spec.domain}`,
      address: spec.address,
      created_at: createdAt,
      created_by: owners[i % owners.length],
    });
    companies.push(company);
    const people = spec.people.map(([first, last, title, romaji]) =>
      contactRow(tenantId, {
        company_id: company.id,
        first_name: first,
        last_name: last,
        title,
        email: `${romaji ?? `${first}.${last}`.normalize("NFD").toLowerCase().replace(/[^a-z.]/g, "")}@${spec.domain}`,
        phone: spec.lang === "ja" ? `0${rnd.int(70, 90)}-${rnd.int(1000, 9999)}-${rnd.int(1000, 9999)}` : spec.phone.replace(/\d{4}$/, String(rnd.int(1000, 9999))),
        created_at: new Date(createdAt.getTime() + DAY),
        created_by: company.created_by,
      }),
    );
    contacts.push(...people);
    peopleOf.set(company.id!, people);
  });

  const weightedCompanies = COMPANIES.flatMap((spec, i) => Array.from({ length: spec.weight }, () => i));
  const deals: NewDealRow[] = [];
  const activities: NewActivity[] = [];
  const usedNames = new Set<string>();

  const amountFor = (currency: string): number => {
    if (currency === "JPY") {
      // Log-uniform between ¥500,000 and ¥50,000,000, rounded to ¥10,000.
      const v = Math.exp(Math.log(500_000) + rnd.next() * (Math.log(50_000_000) - Math.log(500_000)));
      return Math.round(v / 10_000) * 10_000;
    }
    const v = Math.exp(Math.log(5_000) + rnd.next() * (Math.log(400_000) - Math.log(5_000)));
    return Math.round(v / 100) * 100;
  };
  const fill = (template: string, contact: string, company: string) => template.replaceAll("{contact}", contact).replaceAll("{company}", company);

  for (const [stage, count] of STAGE_COUNTS) {
    for (let n = 0; n < count; n++) {
      const ci = rnd.pick(weightedCompanies);
      const spec = COMPANIES[ci];
      const company = companies[ci];
      const people = peopleOf.get(company.id!)!;
      const contact = rnd.pick(people);
      const lang = spec.lang;
      const contactName = lang === "ja" ? contact.last_name! : contact.first_name;
      const currency = rnd.chance(0.15) ? "JPY" : spec.currency;
      const owner = pickOwner();

      let name = `${spec.short} – ${rnd.pick(PRODUCTS[lang])}`;
      for (let tries = 0; usedNames.has(name) && tries < 8; tries++) name = `${spec.short} – ${rnd.pick(PRODUCTS[lang])}`;
      for (let phase = 2; usedNames.has(name); phase++) name = `${name.replace(/ (– Phase \d+|（第\d+期）)$/, "")}${lang === "ja" ? `（第${phase}期）` : ` – Phase ${phase}`}`;
      usedNames.add(name);

      // The deal's life: created some time ago, moved through the stages up to where it is now.
      const closed = stage === "closed_won" || stage === "closed_lost";
      const [minAge, maxAge] = AGE_DAYS[stage];
      const createdDaysAgo = rnd.int(minAge, maxAge);
      const createdAt = ago(createdDaysAgo, rnd.int(9, 17));
      const startStage: Stage = rnd.chance(0.8) ? "lead" : "qualification";
      let path: Stage[];
      if (stage === "closed_won") path = [...OPEN_PATH.slice(OPEN_PATH.indexOf(startStage)), "closed_won"];
      else if (stage === "closed_lost") {
        const reached = rnd.int(OPEN_PATH.indexOf(startStage), 3);
        path = [...OPEN_PATH.slice(OPEN_PATH.indexOf(startStage), reached + 1), "closed_lost"];
      } else {
        const target = OPEN_PATH.indexOf(stage);
        path = target < OPEN_PATH.indexOf(startStage) ? [stage] : OPEN_PATH.slice(OPEN_PATH.indexOf(startStage), target + 1);
      }
      // Transition times spread between creation and (for closed deals) the close, or today.
      // Some open deals have sat in their stage for over a month (the board's stale marker).
      const endDaysAgo = closed
        ? rnd.int(1, Math.min(createdDaysAgo - 5, 170))
        : createdDaysAgo > 45 && rnd.chance(0.15)
          ? rnd.int(31, createdDaysAgo - 5)
          : rnd.int(0, Math.min(25, createdDaysAgo));
      const endAt = path.length > 1 ? ago(Math.min(endDaysAgo, createdDaysAgo - 1), rnd.int(9, 18)) : createdAt;
      // Uneven gaps: each transition's share of the span is its stage's pace times a factor of
      // 0.3–1.9, drawn from a stream of its own so that the rest of the demo does not change.
      const gaps = path.slice(1).map((to) => STAGE_PACE[to] * (0.3 + pace.next() * 1.6));
      const gapTotal = gaps.reduce((a, b) => a + b, 0);
      let elapsed = 0;
      const times: Date[] = [createdAt];
      for (const gap of gaps) {
        elapsed += gap;
        times.push(new Date(createdAt.getTime() + ((endAt.getTime() - createdAt.getTime()) * elapsed) / gapTotal));
      }
      for (let i = 1; i < times.length; i++) if (times[i] <= times[i - 1]) times[i] = new Date(times[i - 1].getTime() + 3_600_000);
      const stageEnteredAt = times[times.length - 1];

      const audit: AuditEntry[] = path.map((to, i) => ({ from: i === 0 ? null : path[i - 1], to, at: times[i].toISOString(), by: owner }));
      const dealId = `pending-${deals.length}`;
      const loss = stage === "closed_lost" ? rnd.pick(LOSSES) : null;
      const closeDate = isoDate(stageEnteredAt);

      // Dates a manager cares about: some open deals are overdue, some have a missed follow-up.
      const expectedClose = closed
        ? isoDate(new Date(stageEnteredAt.getTime() + rnd.int(-10, 20) * DAY))
        : isoDate(new Date(now.getTime() + (createdDaysAgo > 30 && rnd.chance(0.15) ? -rnd.int(3, 25) : rnd.int(10, 180)) * DAY));
      const followup = closed ? null : rnd.chance(0.1) ? isoDate(ago(rnd.int(2, 20))) : rnd.chance(0.7) ? isoDate(new Date(now.getTime() + rnd.int(1, 21) * DAY)) : null;

      const amount = amountFor(currency);
      const closureNotes =
        stage === "closed_won" && rnd.chance(0.5)
          ? lang === "ja"
            ? "年間契約で受注。来期の追加ライセンスも見込み。"
            : "Signed a one-year agreement; expansion likely next year."
          : null;
      // The closing move sends its reason (lost) or notes (won) with the stage, as the board's
      // dialogs do: the service records those as a field change in the same write.
      const closingFields =
        stage === "closed_lost" && loss
          ? [
              { field: "lost_reason", before: null, after: loss.reason[lang] },
              { field: "loss_category", before: null, after: loss.category },
            ]
          : closureNotes
            ? [{ field: "closure_notes", before: null, after: closureNotes }]
            : [];
      const stageActivities: NewActivity[] = [
        activityRow(tenantId, dealId, { type: "created", occurred_at: createdAt, created_by: owner, source_type: "frontend" }),
        ...path.slice(1).flatMap((to, i) => [
          ...(closed && i === path.length - 2 && closingFields.length
            ? [activityRow(tenantId, dealId, { type: "field_change", data: { changes: closingFields }, occurred_at: times[i + 1], created_by: owner, source_type: "frontend" })]
            : []),
          activityRow(tenantId, dealId, {
            type: "stage_change",
            data: { from: path[i], to },
            occurred_at: times[i + 1],
            created_by: owner,
            source_type: "frontend",
          }),
        ]),
      ];

      // A few deals had their amount revised along the way (a field change, one more version).
      const revised = rnd.chance(0.2);
      const firstAmount = revised ? Math.round((amount * rnd.int(70, 90)) / 100 / (currency === "JPY" ? 10_000 : 100)) * (currency === "JPY" ? 10_000 : 100) : amount;
      if (revised) {
        const at = new Date(createdAt.getTime() + (stageEnteredAt.getTime() - createdAt.getTime()) / 2 + 1_800_000);
        stageActivities.push(
          activityRow(tenantId, dealId, {
            type: "field_change",
            data: { changes: [{ field: "amount", before: firstAmount, after: amount }] },
            occurred_at: at,
            created_by: owner,
            source_type: "frontend",
          }),
        );
      }

      // Conversation history: notes, calls, meetings, emails and tasks, spread over the deal's life.
      const lastActivityDay = closed ? endDaysAgo : 0;
      const userActivities: NewActivity[] = [];
      const conversations = rnd.int(1, closed ? 4 : 5);
      for (let k = 0; k < conversations; k++) {
        const type = rnd.pick(["note", "note", "call", "meeting", "email", "task"] as const);
        const dayAgo = rnd.int(lastActivityDay, Math.max(lastActivityDay, createdDaysAgo - 1));
        const at = ago(dayAgo, rnd.int(9, 18));
        if (at <= createdAt) continue;
        const text = { note: NOTES, call: CALLS, meeting: MEETINGS, email: EMAILS, task: TASKS }[type][lang];
        userActivities.push(
          activityRow(tenantId, dealId, {
            type,
            content: fill(rnd.pick(text), contactName, spec.short),
            occurred_at: at,
            ...(type === "task" ? seedTask(isoDate(new Date(at.getTime() + rnd.int(3, 14) * DAY)), closed, owner) : {}),
            created_by: rnd.chance(0.85) ? owner : rnd.pick(owners),
            source_type: "frontend",
          }),
        );
      }
      const dealActivities = [...stageActivities, ...userActivities];
      const lastWrite = [...times, ...stageActivities.map((a) => new Date(a.occurred_at!))].reduce((a, b) => (a > b ? a : b));

      const extraContacts = rnd.chance(0.3) ? people.filter((p) => p.id !== contact.id).map((p) => p.id!) : [];
      const forecast: Record<Stage, string> = { lead: "pipeline", qualification: "pipeline", proposal: "best_case", negotiation: "commit", closed_won: "closed", closed_lost: "omitted" };
      deals.push(
        dealRow(tenantId, {
          id: dealId,
          deal_number: "",
          position: "",
          name,
          amount,
          currency,
          stage,
          probability: stage === "negotiation" && rnd.chance(0.3) ? 90 : stage === "proposal" && rnd.chance(0.3) ? 40 : findStage(DEFAULT_PIPELINE_STAGES, stage)!.probability,
          company_id: company.id,
          contact_id: contact.id,
          contact_ids: [contact.id!, ...extraContacts],
          assigned_member_id: owner,
          expected_close_date: expectedClose,
          won_date: stage === "closed_won" ? closeDate : null,
          actual_close_date: closed ? closeDate : null,
          next_followup_date: followup,
          lost_reason: loss ? loss.reason[lang] : null,
          loss_category: loss ? loss.category : null,
          closure_notes: closureNotes,
          note: rnd.chance(0.3) ? fill(rnd.pick(NOTES[lang]), contactName, spec.short) : null,
          forecast_category: forecast[stage],
          deal_type: rnd.pick(DEAL_TYPE_SUGGESTIONS),
          deal_source: rnd.pick(DEAL_SOURCE_SUGGESTIONS),
          competitors: rnd.some(COMPETITORS, 2),
          tags: rnd.some(TAGS, 2),
          custom_fields: rnd.chance(0.3) ? { region: lang === "ja" ? "Japan" : "Overseas", seats: rnd.int(10, 500) } : {},
          stage_entered_at: stageEnteredAt,
          created_at: createdAt,
          updated_at: lastWrite,
          created_by: owner,
          updated_by: owner,
          source_type: "frontend",
          version: path.length + (revised ? 1 : 0),
          audit_log: audit,
        }),
      );
      activities.push(...dealActivities);
    }
  }

  // Two deals sit in the trash (soft-deleted, with a "deleted" activity), for the trash view.
  for (const k of [0, 1]) {
    const spec = COMPANIES[5 + k * 7];
    const company = companies[5 + k * 7];
    const owner = owners[1 + k] ?? managerId;
    const createdAt = ago(60 - k * 20);
    const deletedAt = ago(10 - k * 5);
    const dealId = `pending-${deals.length}`;
    deals.push(
      dealRow(tenantId, {
        id: dealId,
        deal_number: "",
        position: "",
        name: `${spec.short} – ${k === 0 ? "Duplicate entry" : "テスト案件"}`,
        amount: spec.currency === "JPY" ? 1_000_000 : 10_000,
        currency: spec.currency,
        company_id: company.id,
        assigned_member_id: owner,
        created_at: createdAt,
        updated_at: deletedAt,
        created_by: owner,
        updated_by: owner,
        source_type: "frontend",
        is_deleted: true,
        deleted_at: deletedAt,
        deleted_by: owner,
        version: 2,
      }),
    );
    activities.push(
      activityRow(tenantId, dealId, { type: "created", occurred_at: createdAt, created_by: owner, source_type: "frontend" }),
      activityRow(tenantId, dealId, { type: "deleted", occurred_at: deletedAt, created_by: owner, source_type: "frontend" }),
    );
  }

  // Numbers follow creation order per (UTC) year, like the service's counter; ids are minted
  // in the same order so they sort by creation too.
  const byCreation = [...deals].sort((a, b) => new Date(a.created_at!).getTime() - new Date(b.created_at!).getTime());
  const counters = new Map<number, number>();
  const realIds = new Map<string, string>();
  for (const deal of byCreation) {
    const year = new Date(deal.created_at!).getUTCFullYear();
    const next = (counters.get(year) ?? 0) + 1;
    counters.set(year, next);
    deal.deal_number = formatDealNumber(year, next);
    const fresh = newId("deal");
    realIds.set(deal.id!, fresh);
    deal.id = fresh;
  }
  for (const a of activities) a.deal_id = realIds.get(a.deal_id)!;

  // Board order within each column: soonest expected close first, then by number.
  const columns = new Map<string, NewDealRow[]>();
  for (const deal of deals) columns.set(deal.stage!, [...(columns.get(deal.stage!) ?? []), deal]);
  for (const column of columns.values()) {
    column.sort((a, b) => (a.expected_close_date ?? "9999").localeCompare(b.expected_close_date ?? "9999") || a.deal_number.localeCompare(b.deal_number));
    rankSequence(column.length).forEach((rank, i) => (column[i].position = rank));
  }

  // Timeline order is created_at: activities are recorded when they happen.
  for (const a of activities) a.created_at = a.occurred_at;
  return { companies, contacts, deals, activities, counters };
}
