import { handleAuthRequest } from "@/lib/auth-gate/handler";

export const dynamic = "force-dynamic";

/** better-auth's endpoints, behind the app's own rules (lib/auth-gate/handler.ts). */
export { handleAuthRequest as GET, handleAuthRequest as POST };
