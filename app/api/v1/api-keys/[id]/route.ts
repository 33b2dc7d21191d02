import { z } from "zod";
import { withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { revokeApiKey } from "@/lib/api-keys/service";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

// Any string: a malformed id is simply not found, like another workspace's key.
const params = z.object({ id: z.string() });

/** Revokes the key: the next request with it is a 401. */
export const DELETE = withApi({ params }, async ({ caller, params }) => {
  await revokeApiKey(getDb(), caller, params.id);
  return new Response(null, { status: 204 });
});

export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethods({ DELETE });
