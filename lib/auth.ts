import "server-only";
import { queueAfterTransactionHook } from "@better-auth/core/context";
import { betterAuth } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { bearer, organization } from "better-auth/plugins";
import { getDb } from "@/lib/db";
import { inTransaction } from "@/lib/db-transaction";
import { trustedOrigins } from "@/lib/auth-origins";
import { CLIENT_ADDRESS_HEADER } from "@/lib/client-address";
import { env } from "@/lib/env";
import { ID_PREFIX, newId, type IdKind } from "@/lib/ids";
import { chooseLocale } from "@/lib/i18n/config";
import { forgetInvitationSecret, invitationSecretMatches, issuedInvitationLinks, issueInvitationLink, pendingInvitationForSignUp, roleKind } from "@/lib/invitations";
import { mailLocale } from "@/lib/mail/locale";
import { invitationMessage, resetPasswordMessage, verifyEmailMessage } from "@/lib/mail/messages";
import { mailIsConfigured, sendMail } from "@/lib/mail/send";
import { claimClientRequest } from "@/lib/auth-gate/client-limit";
import { accountKey, clearSignInAttempts } from "@/lib/auth-gate/sign-in-throttle";
import { defaultWorkspaceName } from "@/lib/workspace/default-name";



/**
 * better-auth's per-client limits (requests per window, in seconds) on the endpoints worth
 * guessing at or that send mail, keyed by better-auth's path (wildcards allowed). The robustness
 * suite spoofs address headers against every entry (e2e/robustness/client-address.test.ts).
 */
export function authRateLimits(): Record<string, { window: number; max: number }> {
  return {
    "/sign-in/email": { window: env.AUTH_RATE_LIMIT_WINDOW_S, max: env.AUTH_RATE_LIMIT_MAX },
    "/sign-up/email": { window: 60, max: env.AUTH_SIGNUP_RATE_LIMIT_MAX },
    // Endpoints that send mail: a stranger must not flood someone's mailbox through them.
    "/request-password-reset": { window: 600, max: env.AUTH_EMAIL_RATE_LIMIT_MAX },
    "/send-verification-email": { window: 600, max: env.AUTH_EMAIL_RATE_LIMIT_MAX },
    // Endpoints that take a secret from a link: guessing one is hopeless, and stays slow.
    "/reset-password": { window: 60, max: 10 },
    "/reset-password/*": { window: 60, max: 20 },
    "/verify-email": { window: 60, max: 20 },
    "/organization/accept-invitation": { window: 60, max: 10 },
    "/organization/reject-invitation": { window: 60, max: 10 },
  };
}

const RESET_PASSWORD_EXPIRES_S = 60 * 60;

/** Password-reset or confirmation mails one address receives per hour, however many clients ask. */
const MAILS_PER_ADDRESS_PER_HOUR = 5;

/**
 * Whether one more mail of `kind` may go to `email` this hour. The per-client limits stop one
 * client from flooding a mailbox; this stops many. Past it, the request is answered as usual and
 * no mail goes out, so the answer still tells nothing about the address.
 */
async function mailboxAllows(email: string, kind: "reset-password" | "verify-email"): Promise<boolean> {
  const claim = await claimClientRequest(`${accountKey(email)}|${kind}`, { window: 60 * 60, max: MAILS_PER_ADDRESS_PER_HOUR });
  if (!claim.allowed) console.warn(`[auth] not sending another ${kind} mail to ${email} this hour`);
  return claim.allowed;
}

/**
 * Runs `task` once better-auth's transaction, if the caller is inside one, has committed (the
 * outbox write must not wait for the transaction's own connection: PGlite has only one). A
 * failure is logged; it never fails the request that caused it.
 */
function afterCommit(what: string, task: () => Promise<void>): Promise<void> {
  return queueAfterTransactionHook(task, { onError: (error) => console.error(`[auth] ${what} failed:`, error) });
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
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
      // Signing in does not wait for the address to be confirmed (a newcomer without a mail server
      // finds the link in the server log); what depends on owning the address does: accepting an
      // invitation (requireEmailVerificationOnInvitation below).
      requireEmailVerification: false,
      resetPasswordTokenExpiresIn: RESET_PASSWORD_EXPIRES_S,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: ({ user, url }, request) =>
        afterCommit("the password-reset mail", async () => {
          if (await mailboxAllows(user.email, "reset-password"))
            await sendMail(
              user.email,
              resetPasswordMessage({ name: user.name, url, expiresInMinutes: RESET_PASSWORD_EXPIRES_S / 60 }, await mailLocale(user.email, request)),
            );
        }),
      onPasswordReset: async ({ user }) => {
        // The link came through the mailbox: the address is proven, and the account's sign-in
        // throttle starts over.
        await db.updateTable("user").set({ emailVerified: true, updatedAt: new Date() }).where("id", "=", user.id).execute();
        await clearSignInAttempts([accountKey(user.email)]);
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      // The link confirms the address and goes on; it does not sign anyone in. It stays valid
      // for a day and may be opened more than once, so it must not double as a sign-in link.
      autoSignInAfterVerification: false,
      expiresIn: 60 * 60 * 24,
      sendVerificationEmail: ({ user, url }, request) =>
        afterCommit("the verification mail", async () => {
          if (await mailboxAllows(user.email, "verify-email")) await sendMail(user.email, verifyEmailMessage({ name: user.name, url }, await mailLocale(user.email, request)));
        }),
    },
    session: {
      expiresIn: 60 * 60 * 24 * 30,
      updateAge: 60 * 60 * 24,
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      // Rules over a path with a token in it are counted per client by the auth gate instead
      // (lib/auth-gate/client-limit.ts): better-auth counts per concrete path.
      customRules: Object.fromEntries(Object.entries(authRateLimits()).filter(([path]) => !path.includes("*"))),
    },
    hooks: {
      // Answering an invitation takes the link's secret (`token`) with its id: the id alone is
      // shown to the workspace's managers and in better-auth's own responses. Checked after
      // better-auth's rate limit, before its handler.
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/organization/accept-invitation" && ctx.path !== "/organization/reject-invitation") return;
        const body = (ctx.body ?? {}) as { invitationId?: unknown; token?: unknown };
        const matches = typeof body.invitationId === "string" && typeof body.token === "string" && (await invitationSecretMatches(body.invitationId, body.token));
        if (!matches) {
          throw new APIError("NOT_FOUND", {
            code: "INVITATION_NOT_FOUND",
            message: "This invitation link is not valid: it may have been replaced, used or withdrawn. Open the link from your invitation email, or ask for a new one.",
          });
        }
      }),
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
          // Every new user starts with a workspace of their own, so the API works at once, named
          // in the sign-up's language; except someone signing up from an invitation link to
          // their address: they are joining a team, and an empty workspace would only be in the way.
          after: async (user, ctx) => {
            const callbackURL = (ctx?.body as { callbackURL?: unknown } | undefined)?.callbackURL;
            if (await pendingInvitationForSignUp(user.email, callbackURL)) return;
            const orgId = newId("organization");
            const now = new Date();
            const locale = chooseLocale(null, ctx?.request?.headers.get("accept-language") ?? ctx?.headers?.get("accept-language"));
            const orgName = defaultWorkspaceName(user, locale);
            await inTransaction(db, async (trx) => {
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
        // Accepting needs a confirmed address equal to the invitation's (better-auth checks both)
        // and the link's secret (the `before` hook above): an id alone is not enough.
        requireEmailVerificationOnInvitation: true,
        // An answered invitation's link is spent.
        organizationHooks: {
          afterAcceptInvitation: ({ invitation }) => forgetInvitationSecret(invitation.id),
          afterRejectInvitation: ({ invitation }) => forgetInvitationSecret(invitation.id),
        },
        sendInvitationEmail: async ({ id, email, role, organization, inviter, invitation }, request) => {
          const link = await issueInvitationLink(id);
          // Without a mail server the inviting manager passes the link on (the auth gate hands it back).
          const issued = issuedInvitationLinks().getStore();
          if (issued && !mailIsConfigured()) issued.link = link;
          await afterCommit("the invitation mail", async () =>
            sendMail(
              email,
              invitationMessage(
                {
                  inviterName: inviter.user.name,
                  workspaceName: organization.name,
                  role: roleKind(role),
                  url: link,
                  expiresAt: new Date(invitation.expiresAt),
                },
                await mailLocale(email, request, inviter.user.id),
              ),
            ),
          );
        },
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
