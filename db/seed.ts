import type { Kysely } from "kysely";
import type { Database } from "@/db/tables";
import { getAuth } from "@/lib/auth";

export const DEMO_PASSWORD = "pipeline-demo";
export const DEMO_TENANT_NAME = "Sakura Trading (demo)";
export const DEMO_USERS = [
  { key: "manager", name: "Mika Sato", email: "mika@demo.pipeline.test", role: "owner" },
  { key: "rep1", name: "Ken Tanaka", email: "ken@demo.pipeline.test", role: "member" },
  { key: "rep2", name: "Emily Carter", email: "emily@demo.pipeline.test", role: "member" },
] as const;

export interface SeedResult {
  seeded: boolean;
  message: string;
}

/**
 * Loads the demo tenant: a manager and two reps (through better-auth, so passwords are real, with
 * confirmed addresses),
 * then the CRM data. Skips when the demo manager already exists unless forced.
 */
export async function seedDemo(db: Kysely<Database>, options: { force?: boolean } = {}): Promise<SeedResult> {
  const existing = await db.selectFrom("user").select("id").where("email", "=", DEMO_USERS[0].email).executeTakeFirst();
  if (existing && !options.force) {
    return { seeded: false, message: "Demo data already present." };
  }
  if (existing) {
    const memberships = await db.selectFrom("member").select("organizationId").where("userId", "=", existing.id).execute();
    for (const m of memberships) await db.deleteFrom("organization").where("id", "=", m.organizationId).execute();
    await db.deleteFrom("user").where("email", "in", DEMO_USERS.map((u) => u.email)).execute();
  }

  // Through better-auth's own adapter (so passwords are hashed as at sign-up and each user gets a
  // workspace from the same hook), with their addresses already confirmed: no confirmation mail.
  const ctx = await getAuth().$context;
  const ids: Record<string, string> = {};
  for (const u of DEMO_USERS) {
    const user = await ctx.internalAdapter.createUser({ email: u.email, name: u.name, emailVerified: true }, { method: "email-password" });
    await ctx.internalAdapter.linkAccount({ userId: user.id, providerId: "credential", accountId: user.id, password: await ctx.password.hash(DEMO_PASSWORD) });
    ids[u.key] = user.id;
  }
  // The manager's own workspace becomes the demo tenant; the reps leave theirs and join it.
  const tenant = await db
    .selectFrom("member")
    .select("organizationId")
    .where("userId", "=", ids.manager)
    .executeTakeFirstOrThrow();
  const tenantId = tenant.organizationId;
  await db.updateTable("organization").set({ name: DEMO_TENANT_NAME }).where("id", "=", tenantId).execute();
  for (const u of DEMO_USERS.filter((x) => x.key !== "manager")) {
    const own = await db.selectFrom("member").select("organizationId").where("userId", "=", ids[u.key]).execute();
    for (const m of own) await db.deleteFrom("organization").where("id", "=", m.organizationId).execute();
    await db
      .insertInto("member")
      .values({ id: `mem_${ids[u.key].slice(4)}`, organizationId: tenantId, userId: ids[u.key], role: u.role, createdAt: new Date() })
      .execute();
  }
  await db.updateTable("session").set({ activeOrganizationId: tenantId }).where("userId", "in", Object.values(ids)).execute();

  const { seedDemoCrm } = await import("./seed-crm");
  const summary = await seedDemoCrm(db, { tenantId, managerId: ids.manager, repIds: [ids.rep1, ids.rep2] });

  return {
    seeded: true,
    message: [
      `Demo tenant "${DEMO_TENANT_NAME}" loaded: ${summary}.`,
      ...DEMO_USERS.map((u) => `  ${u.role === "owner" ? "manager" : "rep    "}  ${u.email}  /  ${DEMO_PASSWORD}`),
    ].join("\n"),
  };
}
