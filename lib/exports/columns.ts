import Papa from "papaparse";
import type { Company } from "@/lib/companies/schema";
import type { Contact } from "@/lib/contacts/schema";
import type { Deal } from "@/lib/deals/schema";

/**
 * The columns of the CSV exports: readable headers (names rather than ids: company, contact,
 * owner, stage and pipeline by name; amounts as plain numbers beside their currency), chosen so
 * that an exported file imports again with its headers auto-mapped (lib/imports/fields.ts).
 * Pure: the server streams whole lists with it, the deals list exports selected rows with it in
 * the browser.
 */

export type CsvCell = string | number | null;

/** What a deal's stage and pipeline ids read as. */
export interface PipelineNames {
  pipelines: ReadonlyMap<string, { name: string; stages: ReadonlyMap<string, string> }>;
}

export const DEAL_CSV_HEADERS = [
  "Deal number", "Name", "Company", "Contact", "Stage", "Pipeline", "Amount", "Currency", "Probability",
  "Expected close date", "Owner", "Tags", "Deal source", "Deal type", "Lost reason", "Note", "Created at", "Updated at",
];

export function dealCsvRow(deal: Deal, names: PipelineNames): CsvCell[] {
  const pipeline = names.pipelines.get(deal.pipeline_id);
  return [
    deal.deal_number,
    deal.name,
    deal.company_name,
    deal.contact_name,
    pipeline?.stages.get(deal.stage) ?? deal.stage,
    pipeline?.name ?? deal.pipeline_id,
    deal.amount,
    deal.currency,
    deal.probability,
    deal.expected_close_date,
    deal.assigned_member_name,
    deal.tags.join("; "),
    deal.deal_source,
    deal.deal_type,
    deal.lost_reason,
    deal.note,
    deal.created_at,
    deal.updated_at,
  ];
}

export const COMPANY_CSV_HEADERS = ["Name", "Domain", "Industry", "Phone", "Website", "Address", "Note", "Deals", "Created at"];

export const companyCsvRow = (c: Company): CsvCell[] => [c.name, c.domain, c.industry, c.phone, c.website, c.address, c.note, c.deal_count, c.created_at];

export const CONTACT_CSV_HEADERS = ["First name", "Last name", "Email", "Phone", "Title", "Company", "Note", "Created at"];

export const contactCsvRow = (c: Contact): CsvCell[] => [c.first_name, c.last_name, c.email, c.phone, c.title, c.company_name, c.note, c.created_at];

/** The byte order mark that makes Excel (Japanese Excel included) read the file as UTF-8. */
export const UTF8_BOM = "\uFEFF";

/**
 * Rows as RFC 4180 CSV lines (CRLF, quoted where needed), each line ended. Text that a
 * spreadsheet would run as a formula (=, +, -, @ first) is prefixed with a quote mark, so opening
 * an export never executes what someone typed into a deal; numbers are written as they are.
 */
export function csvLines(rows: readonly CsvCell[][]): string {
  if (rows.length === 0) return "";
  return Papa.unparse(rows as CsvCell[][], { newline: "\r\n", escapeFormulae: true }) + "\r\n";
}

export function pipelineNames(pipelines: readonly { id: string; name: string; stages: readonly { id: string; name: string }[] }[]): PipelineNames {
  return { pipelines: new Map(pipelines.map((p) => [p.id, { name: p.name, stages: new Map(p.stages.map((s) => [s.id, s.name])) }])) };
}

/** A dated file name: `deals-2026-12-07.csv`. */
export const exportFileName = (what: string, now = new Date()) => `${what}-${now.toISOString().slice(0, 10)}.csv`;
