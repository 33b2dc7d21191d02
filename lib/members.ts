import "server-only";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "@/db/tables";

/** The tenant's users as owner pickers and reference checks see them. */

export const memberSchema = z
  .object({
    id: z.string().meta({ example: "usr_01JDX3Z8Q4M2N5P7R9S1T3V5W7" }),
    name: z.string(),
    email: z.string(),
    role: z.string().meta({ description: "owner and admin are managers; member is a sales rep.", example: "member" }),
  })
  .meta({ id: "Member" });
export type Member = z.infer<typeof memberSchema>;

export const memberListResponseSchema = z.object({ items: z.array(memberSchema) }).meta({ id: "MemberList" });

export async function listTenantMembers(db: Kysely<Database>, tenantId: string): Promise<Member[]> {
  return db
    .selectFrom("member as m")
    .innerJoin("user as u", "u.id", "m.userId")
    .select(["u.id", "u.name", "u.email", "m.role"])
    .where("m.organizationId", "=", tenantId)
    .orderBy("u.name")
    .orderBy("u.id")
    .execute();
}
