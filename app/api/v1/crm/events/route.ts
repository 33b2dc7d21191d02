import { withApi } from "@/lib/api/handler";
import { type Credentials, extractToken, lookupCaller } from "@/lib/api/session";
import { otherMethods } from "@/lib/api/methods";
import { env } from "@/lib/env";
import { seesAllDeals } from "@/lib/permissions";
import { subscribeDealChanges } from "@/lib/realtime/listener";

export const dynamic = "force-dynamic";

const RETRY_MS = 3_000;

/**
 * GET /api/v1/crm/events: a server-sent event stream of the caller's tenant's deal changes
 * (`event: deal_change`, data `{deal_id, kind, stage, version, by}`), fed by PostgreSQL
 * LISTEN/NOTIFY so changes made on any app instance arrive. `event: ready` once listening,
 * `event: resync` when notifications may have been missed (or the workspace's settings changed),
 * a comment heartbeat every EVENTS_HEARTBEAT_MS (15 s). A rep whose workspace shows reps only
 * their own deals hears only of deals that are theirs, or were theirs until the change (so a
 * reassigned card leaves their board).
 *
 * The stream is only as good as its session: at every heartbeat the caller is looked up again
 * (the API's one-statement lookup, nothing cached), and the stream ends with `event: closed`
 * when the session is gone (sign-out, revocation, expiry), its active workspace is no longer
 * this stream's, or the membership is gone. The client's reconnect then gets 401/403, or after
 * a workspace switch a stream of the new workspace.
 */
export const GET = withApi({}, async ({ caller, req }) => {
  const credentials = extractToken(req.headers) as Credentials;
  const encoder = new TextEncoder();
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (chunk: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          cleanup();
        }
      };
      // Who is listening, as of the last check: a role or visibility change applies from then on.
      let viewer = caller;
      const subscription = subscribeDealChanges(caller.tenantId, (message) => {
        if (message.type === "resync") return send(`event: resync\ndata: {}\n\n`);
        const { deal_id, kind, stage, version, by, owner, previous_owner } = message.event;
        if (!seesAllDeals(viewer) && owner !== viewer.userId && previous_owner !== viewer.userId) return;
        send(`event: deal_change\ndata: ${JSON.stringify({ deal_id, kind, stage, version, by })}\n\n`);
      });
      let checking = false;
      const recheck = async () => {
        if (checking || closed) return;
        checking = true;
        try {
          const still = await lookupCaller(credentials);
          const reason = !still.ok ? (still.reason === "no_active_tenant" ? "membership_ended" : "session_ended") : still.caller.tenantId !== caller.tenantId ? "workspace_changed" : null;
          if (reason) {
            send(`event: closed\ndata: ${JSON.stringify({ reason })}\n\n`);
            cleanup();
          } else if (still.ok) {
            viewer = still.caller;
          }
        } catch {
          // The database is briefly unreachable: keep the stream, check again at the next beat.
        } finally {
          checking = false;
        }
      };
      const heartbeat = setInterval(() => {
        send(`: heartbeat\n\n`);
        void recheck();
      }, env.EVENTS_HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        subscription.close();
        req.signal.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      req.signal.addEventListener("abort", cleanup);

      send(`retry: ${RETRY_MS}\n: connected\n\n`);
      subscription.ready.then(() => send(`event: ready\ndata: {}\n\n`));
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform keeps compression middleware from buffering the stream.
      "cache-control": "no-cache, no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
