import type { z } from "zod";
import { companyCreateSchema, type CompanyCreateInput } from "@/lib/companies/schema";
import { contactCreateSchema, type ContactCreateInput } from "@/lib/contacts/schema";
import { dealCreateSchema, type DealCreateInput } from "@/lib/deals/schema";
import type { ImportEntity, ImportMapping } from "./fields";

/**
 * One CSV record → the create input of its record, checked by the same zod schema the API's
 * create uses. What names another record (a company or contact by name or email, an owner, a
 * pipeline or stage by name) is returned beside the input as `refs`, for the import to resolve
 * against the workspace. Pure: the preview and the import both run it.
 */

export interface RowIssue {
  /** The import field (a mapping key) the problem is in, or "row". */
  field: string;
  message: string;
}

export interface DealRefs {
  company?: string;
  contact?: string;
  contact_email?: string;
  owner?: string;
  pipeline?: string;
  stage?: string;
}

export type PreparedRow =
  | { entity: "deals"; input: DealCreateInput; refs: DealRefs; issues: RowIssue[] }
  | { entity: "companies"; input: CompanyCreateInput; refs: Record<string, never>; issues: RowIssue[] }
  | { entity: "contacts"; input: ContactCreateInput; refs: { company?: string }; issues: RowIssue[] };

/** The mapped cells as `{ field: text }`, blank cells left out. */
export function mappedValues(cells: readonly string[], mapping: ImportMapping): Record<string, string> {
  const out: Record<string, string> = {};
  mapping.forEach((key, i) => {
    if (!key) return;
    const value = (cells[i] ?? "").trim();
    if (value !== "" && out[key] === undefined) out[key] = value;
  });
  return out;
}

/** "¥1,200,000", "1 200 000円", "$12.50" → a number; anything else is left for the schema to refuse. */
export function parseAmount(text: string): number | string {
  const bare = text.normalize("NFKC").replace(/[\s,¥$€£]|円|JPY|USD|EUR/gi, "");
  return /^\d+(\.\d+)?$/.test(bare) ? Number(bare) : text;
}

/** "2027/1/5", "2027-01-05", "2027年1月5日" → "2027-01-05"; anything else as written. */
export function parseDate(text: string): string {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.normalize("NFKC").trim());
  return m ? `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}` : text;
}

const CURRENCY_WORDS: Record<string, string> = { "¥": "JPY", "￥": "JPY", 円: "JPY", $: "USD", "€": "EUR", "£": "GBP" };
const parseCurrency = (text: string) => CURRENCY_WORDS[text.trim()] ?? text.trim().toUpperCase();

const parseList = (text: string) => text.split(/[;,、]/).map((s) => s.trim()).filter(Boolean);

function parseProbability(text: string): number | string {
  const bare = text.normalize("NFKC").replace(/[\s%]/g, "");
  return /^\d+$/.test(bare) ? Number(bare) : text;
}

const HAS_CJK = /[\u3040-\u30ff\u3400-\u9fff]/;

/** A full name into first and last: family name first for Japanese names, last for Latin ones. */
export function splitFullName(full: string): { first_name: string; last_name: string | null } {
  const parts = full.trim().split(/[\s\u3000]+/);
  if (parts.length === 1) return { first_name: parts[0], last_name: null };
  if (HAS_CJK.test(full)) return { first_name: parts.slice(1).join(" "), last_name: parts[0] };
  return { first_name: parts[0], last_name: parts.slice(1).join(" ") };
}

/** Zod's issues as row issues, named by the import field they came from. */
function issuesOf(error: z.ZodError, fieldOf: (path: string) => string): RowIssue[] {
  return error.issues.map((issue) => ({ field: fieldOf(String(issue.path[0] ?? "row")), message: issue.message }));
}

const pick = (values: Record<string, string>, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((k) => values[k] !== undefined).map((k) => [k, values[k]]));

export function prepareRow(entity: ImportEntity, cells: readonly string[], mapping: ImportMapping): PreparedRow {
  const values = mappedValues(cells, mapping);
  if (entity === "deals") {
    const raw: Record<string, unknown> = pick(values, ["name", "deal_source", "deal_type", "note", "lost_reason"]);
    if (values.amount !== undefined) raw.amount = parseAmount(values.amount);
    if (values.currency !== undefined) raw.currency = parseCurrency(values.currency);
    if (values.probability !== undefined) raw.probability = parseProbability(values.probability);
    if (values.expected_close_date !== undefined) raw.expected_close_date = parseDate(values.expected_close_date);
    if (values.next_followup_date !== undefined) raw.next_followup_date = parseDate(values.next_followup_date);
    if (values.tags !== undefined) raw.tags = parseList(values.tags);
    const refs: DealRefs = pick(values, ["company", "contact", "contact_email", "owner", "pipeline", "stage"]);
    const parsed = dealCreateSchema.safeParse(raw);
    return parsed.success
      ? { entity, input: parsed.data, refs, issues: [] }
      : { entity, input: raw as DealCreateInput, refs, issues: issuesOf(parsed.error, (f) => f) };
  }
  if (entity === "companies") {
    const raw = pick(values, ["name", "domain", "industry", "phone", "website", "address", "note"]);
    const parsed = companyCreateSchema.safeParse(raw);
    return parsed.success
      ? { entity, input: parsed.data, refs: {}, issues: [] }
      : { entity, input: raw as CompanyCreateInput, refs: {}, issues: issuesOf(parsed.error, (f) => f) };
  }
  const raw: Record<string, unknown> = pick(values, ["first_name", "last_name", "email", "phone", "title", "note"]);
  const fromFullName = values.first_name === undefined && values.full_name !== undefined;
  if (fromFullName) Object.assign(raw, splitFullName(values.full_name), values.last_name ? { last_name: values.last_name } : {});
  const refs = pick(values, ["company"]);
  const parsed = contactCreateSchema.safeParse(raw);
  return parsed.success
    ? { entity, input: parsed.data, refs, issues: [] }
    : { entity, input: raw as ContactCreateInput, refs, issues: issuesOf(parsed.error, (f) => (fromFullName && (f === "first_name" || f === "last_name") ? "full_name" : f)) };
}
