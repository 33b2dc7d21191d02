import { withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

/** Who the credentials belong to, and which tenant they act in. */
export const GET = withApi({}, async ({ caller }) => ({
  user: { id: caller.userId, name: caller.userName, email: caller.userEmail },
  tenant: { id: caller.tenantId, name: caller.tenantName, deal_visibility: caller.dealVisibility },
  role: caller.role,
  is_manager: caller.isManager,
}));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
