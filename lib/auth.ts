import { betterAuth } from "better-auth";
import { nextCookies } from "better-auth/next-js";
import { bearer, organization } from "better-auth/plugins";
import { getDb } from "@/lib/db";
import { trustedOrigins } from "@/lib/auth-origins";
import { CLIENT_ADDRESS_HEADER } from "@/lib/client-address";
import { env } from "@/lib/env";
import { ID_PREFIX, newId, type IdKind } from "@/lib/ids";



/**
 * better-auth's per-client limits (requests per window, in seconds) on the endpoints worth
 * guessing at or that send mail, keyed by better-auth's path (wildcards allowed). The robustness
 * suite spoofs address headers against every entry (e2e/robustness/client-address.test.ts).
 */
export function authRateLimits(): Record<string, { window: number; max: number }> {
  return {
    "/sign-in/email": { window: env.AUTH_RATE_LIMIT_WINDOW_S, max: env.AUTH_RATE_LIMIT_MAX },
    "/sign-up/email": { window: 60, max: env.AUTH_SIGNUP_RATE_LIMIT_MAX },
  };
}

function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${base || "team"}-${Math.random().toString(36).slice(2, 8)}`;
}

function createAuth() {
  const db = getDb();
  return betterAuth({
    appName: "Pipeline",
    baseURL: env.BETTER_AUTH_URL,
    secret: env.BETTER_AUTH_SECRET,
    trustedOrigins: trustedOrigins(),
    database: { db, type: "postgres" },
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: true },
    session: {
      expiresIn: 60 * 60 * 24 * 30,
      updateAge: 60 * 60 * 24,
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      customRules: authRateLimits(),
    },
    advanced: {
      database: {
        generateId: ({ model }) =>
          model in ID_PREFIX ? newId(model as IdKind) : `${model.slice(0, 4).toLowerCase()}_${newId("verification").slice(4)}`,
      },
      // The client's address, settled by lib/auth-gate/handler.ts from the socket and the
      // declared proxies (lib/client-address.ts); no header a client writes is read.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    databaseHooks: {
      user: {
        create: {
          // Every new user starts with a workspace of their own, so the API works at once.
          after: async (user) => {
            const orgId = newId("organization");
            const now = new Date();
            const orgName = `${user.name.trim() || user.email.split("@")[0]}'s team`;
            await db.transaction().execute(async (trx) => {
              await trx
                .insertInto("organization")
                .values({ id: orgId, name: orgName, slug: slugify(orgName), logo: null, metadata: null, createdAt: now })
                .execute();
              await trx
                .insertInto("member")
                .values({ id: newId("member"), organizationId: orgId, userId: user.id, role: "owner", createdAt: now })
                .execute();
              // Sign-up creates its session inside the same better-auth transaction, before this
              // after-commit hook runs: point that session at the new workspace.
              await trx
                .updateTable("session")
                .set({ activeOrganizationId: orgId })
                .where("userId", "=", user.id)
                .where("activeOrganizationId", "is", null)
                .execute();
            });
          },
        },
      },
      session: {
        create: {
          // A new session opens the user's most recently joined workspace.
          before: async (session) => {
            const membership = await db
              .selectFrom("member")
              .select("organizationId")
              .where("userId", "=", session.userId)
              .orderBy("createdAt", "desc")
              .orderBy("id", "desc")
              .executeTakeFirst();
            return { data: { ...session, activeOrganizationId: membership?.organizationId ?? null } };
          },
        },
      },
    },
    plugins: [
      organization({
        allowUserToCreateOrganization: true,
        creatorRole: "owner",
        invitationExpiresIn: 60 * 60 * 24 * 7,
        // No mail server, so addresses cannot be verified; the invitation link itself is the proof.
        requireEmailVerificationOnInvitation: false,
        // No mail server: the invitation link is shown to the inviting manager instead.
        sendInvitationEmail: async () => {},
      }),
      bearer(),
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

// Created lazily: `next build` must not open the database.
const globalForAuth = globalThis as unknown as { __pipelineAuth?: Auth };

export function getAuth(): Auth {
  globalForAuth.__pipelineAuth ??= createAuth();
  return globalForAuth.__pipelineAuth;
}

/** Forget the cached instance (tests that swap the database). */
export function resetAuth(): void {
  globalForAuth.__pipelineAuth = undefined;
}
