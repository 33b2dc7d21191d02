import { otherMethods } from "@/lib/api/methods";
import { handleAuthRequest } from "@/lib/auth-gate/handler";

export const dynamic = "force-dynamic";

/** better-auth's endpoints, behind the app's own rules (lib/auth-gate/handler.ts). */
export { handleAuthRequest as GET, handleAuthRequest as POST };

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET: handleAuthRequest, POST: handleAuthRequest });
