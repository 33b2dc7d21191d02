import { withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { getWorkspace, updateWorkspace, workspaceUpdateSchema } from "@/lib/workspace/settings";

export const dynamic = "force-dynamic";

/** `{ workspace }`: the caller's workspace and its settings. */
export const GET = withApi({}, async ({ caller }) => ({ workspace: await getWorkspace(getDb(), caller) }));

/** Managers change the workspace's settings (`deal_visibility`). */
export const PATCH = withApi({ body: workspaceUpdateSchema }, async ({ caller, body }) => ({ workspace: await updateWorkspace(getDb(), caller, body) }));

export const { HEAD, POST, PUT, DELETE, OPTIONS } = otherMethods({ GET, PATCH });
