import { withApi } from "@/lib/api/handler";
import type { Caller } from "@/lib/api/session";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { isLocale } from "@/lib/i18n/config";
import { meUpdateSchema, updateProfile } from "@/lib/profile";

export const dynamic = "force-dynamic";

function me(caller: Caller, user: { name: string; locale: string | null } = { name: caller.userName, locale: caller.locale }) {
  return {
    user: { id: caller.userId, name: user.name, email: caller.userEmail, locale: isLocale(user.locale) ? user.locale : null },
    tenant: { id: caller.tenantId, name: caller.tenantName, deal_visibility: caller.dealVisibility },
    role: caller.role,
    is_manager: caller.isManager,
  };
}

/** Who the credentials belong to, and which tenant they act in. */
export const GET = withApi({}, async ({ caller }) => me(caller));

/** The person changes their own name or language (`locale: null` follows the browser). */
export const PATCH = withApi({ body: meUpdateSchema }, async ({ caller, body }) => me(caller, await updateProfile(getDb(), caller, body)));

export const { HEAD, POST, PUT, DELETE, OPTIONS } = otherMethods({ GET, PATCH });
