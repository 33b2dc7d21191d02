import { z } from "zod";
import { etag, expectedVersion, notModified } from "@/lib/api/etag";
import { json, withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { activityUpdateSchema } from "@/lib/deals/schema";
import { deleteActivity, getActivity, updateActivity } from "@/lib/deals/service";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string().max(200), activityId: z.string().max(200) });

/** `{ activity }`: one entry of a live deal's timeline (where POST …/activities' `Location` points). */
export const GET = withApi({ params }, async ({ caller, params, req }) => {
  const activity = await getActivity(getDb(), caller, params.id, params.activityId);
  return notModified(req, activity.version) ?? json({ activity }, { headers: { etag: etag(activity.version) } });
});

/**
 * Edits a note, call, email, meeting or task (content, due, assignee: its author or a manager)
 * or marks a task done (also its assignee and the deal's owner); If-Match or `version` guards
 * against lost updates (409 with the current activity). System entries: 409 `system_activity`.
 */
export const PATCH = withApi({ params, body: activityUpdateSchema }, async ({ caller, params, body, req }) => {
  const activity = await updateActivity(getDb(), caller, params.id, params.activityId, body, expectedVersion(req, body.version));
  return json({ activity }, { headers: { etag: etag(activity.version) } });
});

/** Removes a note, call, email, meeting or task (its author or a manager); kept in the deal's audit log. */
export const DELETE = withApi({ params }, async ({ caller, params, req }) => {
  await deleteActivity(getDb(), caller, params.id, params.activityId, expectedVersion(req));
  return { success: true };
});

export const { HEAD, POST, PUT, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
