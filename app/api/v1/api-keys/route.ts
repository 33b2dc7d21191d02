import { json, withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { apiKeyCreateSchema } from "@/lib/api-keys/schema";
import { createApiKey, listApiKeys } from "@/lib/api-keys/service";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

/** The workspace's API keys (never their secrets): managers, from a session. */
export const GET = withApi({}, async ({ caller }) => ({ items: await listApiKeys(getDb(), caller) }));

/** 201 `{ api_key, secret }`: the secret is in this answer only. */
export const POST = withApi({ body: apiKeyCreateSchema }, async ({ caller, body }) => {
  const created = await createApiKey(getDb(), caller, body);
  return json(created, { status: 201, headers: { location: `/api/v1/api-keys/${created.api_key.id}`, "cache-control": "no-store" } });
});

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
