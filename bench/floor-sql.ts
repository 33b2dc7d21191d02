import type pg from "pg";
import { foldSearch, likeContains } from "@/lib/records/search";
import { type JsonText, jsonWithArray } from "@/lib/api/json-text";
import { rankBetween } from "@/lib/deals/rank";
import { DEAL_JSON_SQL, DEAL_RETURNING_COLUMNS, OWNER_NAME_SQL } from "@/lib/deals/scope";
import { dealBody, type StoredDeal } from "@/lib/deals/serialize";

/**
 * The floors' work: per benchmark scenario, the same SQL statements the app's endpoint runs,
 * minus resolving the caller and validating input. Shared by the machine floor (bench/floor-server.ts,
 * bare node:http + pg) and the framework floor (app/api/v1/bench/floor/route.ts, a plain Next.js
 * route handler), so both run exactly the same statements. Results are returned as raw rows.
 */

/** Runs a statement; with a `name`, as a named prepared statement, where the app prepares the same one. */
type FloorQuery = (text: string, values?: unknown[], name?: string) => Promise<{ rows: any[] }>;

interface FloorDb {
  query: FloorQuery;
  transaction<T>(fn: (query: FloorQuery) => Promise<T>): Promise<T>;
}

/** A FloorQuery on the pool or on one checked-out client. */
const floorQuery =
  (target: pg.Pool | pg.PoolClient): FloorQuery =>
  (text, values, name) =>
    target.query({ text, values: values as unknown[], ...(name ? { name: `floor_${name}` } : {}) });

export function poolFloorDb(pool: pg.Pool): FloorDb {
  return {
    query: floorQuery(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("begin");
        const result = await fn(floorQuery(client));
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

type FloorScenario = "list" | "search" | "offset" | "cursor" | "get" | "move" | "create" | "board" | "board_search" | "get_row" | "trivial";

// A deal as the API reads it: its stored JSON with the owner's name put in (lib/deals/scope.ts
// DEAL_JSON_SQL), from the table or from a write's `returning RETURNING` aliased `d`.
const DEAL_SELECT = `select ${DEAL_JSON_SQL} as deal_json, d.version
from deals as d`;
const RETURNING = DEAL_RETURNING_COLUMNS.join(", ");
/** `{"deal": …}` with the deal's JSON text as is, as the app answers it (the app's own `dealBody`). */
const dealAnswer = (row: StoredDeal | undefined) => (row ? dealBody(row) : { deal: null });

// List pages send each deal's stored JSON with the owner's name put in (lib/deals/scope.ts
// DEAL_JSON_SQL), as the app's list does.
const DEAL_JSON_SELECT = `select d.id, ${DEAL_JSON_SQL} as deal_json
from deals as d`;

// The same with the stored total riding along, as the list endpoint runs it when no filter
// needs an exact count ($1 is the tenant).
const DEAL_JSON_SELECT_WITH_TOTAL = DEAL_JSON_SELECT.replace(
  "select d.id,",
  "select d.id, (select coalesce(sum(deal_count), 0)::int from deal_stage_totals where tenant_id = $1) as total,",
);
const jsonPage = (rows: any[], total: number): JsonText =>
  jsonWithArray(
    "items",
    rows.slice(0, 50).map((row) => row.deal_json as string),
    { total },
  );
const pageWithTotal = (rows: any[]) => jsonPage(rows, rows[0]?.total ?? 0);

// A deal's columns but its stored JSON: the reference figures' row (`get_row`).
const DEAL_ROW_COLUMNS = `
  id, tenant_id, app_id, deal_number, name, amount, currency, stage, probability, company_id,
  company_name, contact_id, contact_name, contact_ids, assigned_member_id, expected_close_date,
  won_date, actual_close_date, next_followup_date, lost_reason, loss_category, closure_notes, note,
  pipeline_id, forecast_category, deal_type, deal_source, competitors, rfp_record_id, quote_ids,
  proposal_ids, attachment_refs, linked_task_ids, tags, custom_fields, position, stage_entered_at,
  created_at, updated_at, created_by, updated_by, source, source_type, is_deleted, deleted_at,
  deleted_by, schema_version, version, audit_log`;

export interface FloorInput {
  tenant: string;
  user: string;
  /** get / move */
  id?: string;
  /** move */
  stage?: string;
  /** search */
  q?: string;
  /** offset */
  offset?: number;
  /** cursor: the last row of the previous page */
  after_created?: string;
  after_id?: string;
  /** create */
  name?: string;
}

export function floorInput(params: URLSearchParams, body: Record<string, unknown> | undefined): FloorInput {
  const get = (k: string) => (body?.[k] as string | undefined) ?? params.get(k) ?? undefined;
  return {
    tenant: get("tenant") ?? "",
    user: get("user") ?? "",
    id: get("id"),
    stage: get("stage"),
    q: get("q"),
    offset: get("offset") === undefined ? undefined : Number(get("offset")),
    after_created: get("after_created"),
    after_id: get("after_id"),
    name: get("name"),
  };
}

const PROBABILITY: Record<string, number> = { lead: 10, qualification: 20, proposal: 50, negotiation: 80, closed_won: 100, closed_lost: 0 };
const BOARD_STAGES = ["lead", "qualification", "proposal", "negotiation", "closed_won", "closed_lost"];
const BOARD_PAGE = 50;

let idCounter = 0;
/** A unique id with the app's shape (prefix + 26 Crockford base32 characters), cheap to make. */
function floorId(prefix: string): string {
  const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let time = Date.now();
  let head = "";
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  let tail = "";
  let n = ++idCounter + process.pid * 1_000_000;
  for (let i = 0; i < 16; i++) {
    tail = ALPHABET[n % 32] + tail;
    n = Math.floor(n / 32);
  }
  return `${prefix}_${head}${tail}`;
}

export async function runFloor(db: FloorDb, scenario: string, input: FloorInput): Promise<unknown> {
  switch (scenario as FloorScenario) {
    // list, cursor and get run prepared, as the app runs those reads (lib/db-prepared.ts);
    // search and offset are planned per request in both.
    case "list": {
      const page = await db.query(
        `${DEAL_JSON_SELECT_WITH_TOTAL} where d.tenant_id = $1 and not d.is_deleted order by d.created_at desc, d.id desc limit 51`,
        [input.tenant],
        "list",
      );
      return pageWithTotal(page.rows);
    }
    case "search": {
      // The app's condition (lib/deals/search.ts): matching ids through the trigram index from three characters on.
      const folded = foldSearch(input.q ?? "").trim();
      const pattern = likeContains(folded);
      const match = [...folded].length < 3 ? `d.search_text like $2` : `d.id = any(array(select s.id from deals s where s.tenant_id = $1 and s.search_text like $2))`;
      const where = `d.tenant_id = $1 and not d.is_deleted and ${match}`;
      const [page, total] = await Promise.all([
        db.query(`${DEAL_JSON_SELECT} where ${where} order by d.created_at desc, d.id desc limit 51`, [input.tenant, pattern]),
        db.query(`select count(*)::int as total from deals as d where ${where}`, [input.tenant, pattern]),
      ]);
      return jsonPage(page.rows, total.rows[0].total);
    }
    case "offset": {
      const page = await db.query(
        `${DEAL_JSON_SELECT_WITH_TOTAL} where d.tenant_id = $1 and d.id in (
           select d.id from deals as d where d.tenant_id = $1 and not d.is_deleted order by d.created_at desc, d.id desc limit 51 offset $2)
         order by d.created_at desc, d.id desc limit 51`,
        [input.tenant, input.offset ?? 0],
      );
      return pageWithTotal(page.rows);
    }
    case "cursor": {
      const page = await db.query(
        `${DEAL_JSON_SELECT_WITH_TOTAL} where d.tenant_id = $1 and not d.is_deleted and (d.created_at, d.id) < ($2::timestamptz, $3)
         order by d.created_at desc, d.id desc limit 51`,
        [input.tenant, input.after_created, input.after_id],
        "cursor",
      );
      return pageWithTotal(page.rows);
    }
    case "get": {
      const r = await db.query(`${DEAL_SELECT} where d.tenant_id = $1 and d.id = $2 and not d.is_deleted`, [input.tenant, input.id], "get");
      return dealAnswer(r.rows[0]);
    }
    // The app's optimistic move (moveDealStageAs): one statement reads the deal with the top rank
    // of the target column, one autocommit statement writes it if its version is still the one
    // read, inserting the activity and notifying from the UPDATE's rows. Both run prepared, as
    // the app's do. A collision (rare here: 5,000 deals) answers without a write instead of
    // planning again.
    case "move": {
      const to = input.stage ?? "lead";
      const read = await db.query(
        `${DEAL_SELECT.replace(
          "select ",
          `select (select t.position from deals t where t.tenant_id = d.tenant_id and t.stage = $3
             and not t.is_deleted and t.id <> d.id order by t.position, t.id limit 1) as top_rank,`,
        )} where d.tenant_id = $1 and d.id = $2 and not d.is_deleted`,
        [input.tenant, input.id, to],
        "move_read",
      );
      if (!read.rows[0]) return { deal: null };
      // The app plans the move from the deal it read, parsed from that JSON.
      const current = JSON.parse(read.rows[0].deal_json) as { stage: string; version: number };
      const from = current.stage;
      const position = rankBetween(null, read.rows[0].top_rank ?? null);
      const r = await db.query(
        `with d as (
           update deals set stage = $3, probability = $4, position = $5, stage_entered_at = now(), updated_at = now(), updated_by = $6,
             version = version + 1, audit_log = audit_log || jsonb_build_array(jsonb_build_object('from', $7::text, 'to', $3::text, 'at', now(), 'by', $6::text))
           where tenant_id = $1 and id = $2 and version = $11 returning ${RETURNING}),
         new_activities as (
           insert into deal_activities (id, tenant_id, deal_id, type, data, created_by, source_type)
           select $9::text, $1::text, $2::text, 'stage_change', $10::jsonb, $6::text, 'api' from d)
         select ${DEAL_JSON_SQL} as deal_json, d.version, pg_notify('deal_changes', $8) as notified
         from d`,
        [input.tenant, input.id, to, PROBABILITY[to] ?? 10, position, input.user, from,
          JSON.stringify({ tenant_id: input.tenant, deal_id: input.id, kind: "stage_changed", stage: to }),
          floorId("act"), JSON.stringify({ from, to }), current.version],
        "move",
      );
      return dealAnswer(r.rows[0]);
    }
    // Notify, then the short section under the tenant's counter lock: number, top-of-column
    // rank, and the deal with its `created` activity in one statement.
    case "create": {
      return db.transaction(async (q) => {
        const id = floorId("deal");
        await q(`select pg_notify('deal_changes', $1)`, [JSON.stringify({ tenant_id: input.tenant, deal_id: id, kind: "created", version: 1, stage: "lead", by: input.user })]);
        const year = new Date().getUTCFullYear();
        const n = await q(
          `insert into deal_counters as c (tenant_id, year, last_value) values ($1, $2, 1)
           on conflict (tenant_id, year) do update set last_value = c.last_value + 1 returning c.last_value`,
          [input.tenant, year],
        );
        const number = `DEAL-${year}-${String(n.rows[0].last_value).padStart(5, "0")}`;
        const top = await q(
          `select d.position from deals as d where d.tenant_id = $1 and d.stage = 'lead' and not d.is_deleted order by d.position, d.id limit 1`,
          [input.tenant],
          "top",
        );
        const position = rankBetween(null, top.rows[0]?.position ?? null);
        const row = await q(
          `with new_deal as (
             insert into deals (id, tenant_id, app_id, deal_number, name, amount, currency, stage, probability, assigned_member_id, custom_fields,
               audit_log, position, stage_entered_at, created_at, updated_at, created_by, updated_by, source, source_type)
             values ($1, $2, null, $3, $4, 250000, 'JPY', 'lead', 10, $5, '{}', jsonb_build_array(jsonb_build_object('from', null, 'to', 'lead', 'at', now(), 'by', $5::text)),
               $6, now(), now(), now(), $5, $5, 'edm', 'api')
             returning ${RETURNING}),
           new_activity as (
             insert into deal_activities (id, tenant_id, deal_id, type, content, data, occurred_at, created_at, created_by, source_type)
             values ($7, $2, $1, 'created', null, '{}', now(), now(), $5, 'api'))
           select ${DEAL_JSON_SQL} as deal_json, d.version from new_deal d`,
          [id, input.tenant, number, input.name ?? "Floor deal", input.user, position, floorId("act")],
        );
        return dealAnswer(row.rows[0]);
      });
    }
    // The card columns (lib/deals/board.ts selectCards: no d.*) of all six column pages in one
    // lateral statement, and the totals concurrently, as the board endpoint runs them.
    case "board":
    case "board_search": {
      // With a search, the board's condition is the list's (lib/deals/search.ts), and its totals
      // are counted from the matching deals rather than read from the kept per-stage totals.
      const folded = foldSearch(input.q ?? "").trim();
      const searched = scenario === "board_search";
      const match = !searched
        ? "true"
        : [...folded].length < 3
          ? `d.search_text like $3`
          : `d.id = any(array(select s.id from deals s where s.tenant_id = $1 and s.search_text like $3))`;
      const params = searched ? [input.tenant, BOARD_STAGES, likeContains(folded)] : [input.tenant, BOARD_STAGES];
      const cards = `select d.id, d.deal_number, d.name, d.amount, d.currency, d.stage, d.probability,
          d.company_id, d.company_name, d.contact_id, d.contact_name,
          d.assigned_member_id, ${OWNER_NAME_SQL} as assigned_member_name, d.expected_close_date, d.next_followup_date,
          d.lost_reason, d.loss_category, d.position, d.stage_entered_at, d.updated_at, d.version
        from deals as d`;
      const [totals, columns] = await Promise.all([
        searched
          ? db.query(
              `select d.stage, d.currency, count(*) as deal_count, coalesce(sum(d.amount), 0) as amount_sum,
                 coalesce(sum(coalesce(d.amount, 0) * d.probability / 100.0), 0) as weighted_sum
               from deals as d where d.tenant_id = $1 and not d.is_deleted and d.stage = any($2) and ${match}
               group by d.stage, d.currency`,
              params,
            )
          : db.query(
              `select stage, currency, deal_count, amount_sum, weighted_sum from deal_stage_totals where tenant_id = $1 and stage = any($2) and deal_count > 0`,
              params,
            ),
        db.query(
          `select c.* from unnest(cast($2 as text[])) with ordinality as s(stage, ord)
           cross join lateral (${cards} where d.tenant_id = $1 and d.stage = s.stage and not d.is_deleted and ${match} order by d.position, d.id limit ${BOARD_PAGE + 1}) as c
           order by s.ord, c.position, c.id`,
          params,
        ),
      ]);
      return {
        totals: totals.rows,
        columns: BOARD_STAGES.map((stage) => ({ stage, items: columns.rows.filter((r) => r.stage === stage).slice(0, BOARD_PAGE) })),
      };
    }
    // The issue's reference figures (bench/reference.ts): a deal's row by id (its columns, not its
    // stored JSON, which the reference schema did not have), and one trivial statement.
    case "get_row": {
      const r = await db.query(`select ${DEAL_ROW_COLUMNS} from deals where tenant_id = $1 and id = $2`, [input.tenant, input.id], "get_row");
      return { deal: r.rows[0] ?? null };
    }
    case "trivial": {
      const r = await db.query(`select 1 as one`, [], "trivial");
      return r.rows[0];
    }
    default:
      throw new Error(`unknown floor scenario ${scenario}`);
  }
}
