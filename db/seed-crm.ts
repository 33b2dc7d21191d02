import type { Kysely } from "kysely";
import type { Database } from "@/db/tables";

export interface SeedCrmInput {
  tenantId: string;
  managerId: string;
  repIds: string[];
}

/** Companies, contacts, deals and activities for the demo tenant (filled in by the deals API work). */
export async function seedDemoCrm(_db: Kysely<Database>, _input: SeedCrmInput): Promise<string> {
  return "no deals yet";
}
