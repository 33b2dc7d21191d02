import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { signIn } from "@/tests/support/http";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "./seed";

describe("the demo seed", () => {
  it("creates the demo users with confirmed addresses and real passwords, and mails nobody", async () => {
    const result = await seedDemo(getDb());
    expect(result.seeded).toBe(true);
    const users = await getDb().selectFrom("user").select(["email", "emailVerified"]).where("email", "in", DEMO_USERS.map((u) => u.email)).orderBy("email").execute();
    expect(users).toEqual(DEMO_USERS.map((u) => ({ email: u.email, emailVerified: true })).sort((a, b) => a.email.localeCompare(b.email)));
    const manager = await signIn(DEMO_USERS[0].email, DEMO_PASSWORD);
    const rep = await signIn(DEMO_USERS[1].email, DEMO_PASSWORD);
    expect(rep.tenantId).toBe(manager.tenantId);
    expect(await getDb().selectFrom("mail_outbox").select("id").execute()).toEqual([]);
  });
});
