import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "@/db/tables";
import type { Caller } from "@/lib/api/session";
import type { CompanyListQuery } from "@/lib/companies/schema";
import { listCompanies } from "@/lib/companies/service";
import type { ContactListQuery } from "@/lib/contacts/schema";
import { listContacts } from "@/lib/contacts/service";
import { allDealPages } from "@/lib/deals/list";
import type { DealListQuery } from "@/lib/deals/schema";
import { listPipelines } from "@/lib/pipelines/service";
import { COMPANY_CSV_HEADERS, CONTACT_CSV_HEADERS, companyCsvRow, contactCsvRow, type CsvCell, DEAL_CSV_HEADERS, dealCsvRow, exportFileName, pipelineNames } from "./columns";
import { csvResponse } from "./stream";

/**
 * The list endpoints' CSV answers (`Accept: text/csv`): the same filters, sort and visibility as
 * the JSON list (the same services, with the caller's scope), every page instead of one.
 */

type Db = Kysely<Database>;

export function dealsCsv(db: Db, caller: Caller, query: DealListQuery): Response {
  async function* rows(): AsyncGenerator<CsvCell[][]> {
    const names = pipelineNames(await listPipelines(db, caller));
    for await (const deals of allDealPages(db, caller, query)) yield deals.map((deal) => dealCsvRow(deal, names));
  }
  return csvResponse(exportFileName("deals"), DEAL_CSV_HEADERS, rows());
}

/** Companies and contacts page by offset, as their lists do (a workspace has far fewer of them than deals). */
const RECORD_PAGE = 500;

export function companiesCsv(db: Db, caller: Caller, query: CompanyListQuery): Response {
  async function* rows(): AsyncGenerator<CsvCell[][]> {
    for (let offset = 0; ; offset += RECORD_PAGE) {
      const page = await listCompanies(db, caller, { ...query, limit: RECORD_PAGE, offset });
      if (page.items.length) yield page.items.map(companyCsvRow);
      if (page.items.length < RECORD_PAGE) return;
    }
  }
  return csvResponse(exportFileName("companies"), COMPANY_CSV_HEADERS, rows());
}

export function contactsCsv(db: Db, caller: Caller, query: ContactListQuery): Response {
  async function* rows(): AsyncGenerator<CsvCell[][]> {
    for (let offset = 0; ; offset += RECORD_PAGE) {
      const page = await listContacts(db, caller, { ...query, limit: RECORD_PAGE, offset });
      if (page.items.length) yield page.items.map(contactCsvRow);
      if (page.items.length < RECORD_PAGE) return;
    }
  }
  return csvResponse(exportFileName("contacts"), CONTACT_CSV_HEADERS, rows());
}
