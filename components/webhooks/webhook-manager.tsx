"use client";

import { useQueryClient } from "@tanstack/react-query";
import { ChevronDown, Copy, Pause, Pencil, Play, Plus, Send, Trash2, Webhook as WebhookIcon } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { PageMessage } from "@/components/ui/page-message";
import { apiFetch } from "@/lib/api-client";
import { webhookKeys } from "@/lib/queries/keys";
import type { Webhook } from "@/lib/webhooks/schema";
import { cn } from "@/lib/utils";
import { WebhookDeliveries } from "./webhook-deliveries";
import { WebhookFormDialog } from "./webhook-form-dialog";

const NEW_ENDPOINT = "new";

/**
 * Settings → Webhooks: the workspace's endpoints with their state (receiving, paused, or turned
 * off after failures, said plainly), registering one (its signing secret shown once, with a copy
 * button), editing, pausing, deleting, sending a test event, and each endpoint's deliveries with
 * a retry. The list comes from the server render; after a change the page is refreshed.
 */
export function WebhookManager({ webhooks }: { webhooks: Webhook[] }) {
  const t = useTranslations("webhooks");
  const router = useRouter();
  const queryClient = useQueryClient();
  // The form dialog: null closed, "new" to register an endpoint, or the endpoint being edited.
  const [dialog, setDialog] = useState<Webhook | typeof NEW_ENDPOINT | null>(null);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [deletePending, setDeletePending] = useState(false);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);

  const showDeliveries = (id: string) => setOpen((current) => new Set(current).add(id));

  async function act(key: string, run: () => Promise<unknown>, success: string, failure: string) {
    setBusy(key);
    try {
      await run();
      toast.success(success);
      router.refresh();
    } catch {
      toast.error(failure);
    } finally {
      setBusy(null);
    }
  }

  const sendTest = (w: Webhook) =>
    act(
      `test:${w.id}`,
      async () => {
        await apiFetch(`/api/v1/webhooks/${w.id}/test`, { method: "POST" });
        showDeliveries(w.id);
        await queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(w.id) });
      },
      t("testQueued"),
      t("testFailed"),
    );

  const setEnabled = (w: Webhook, enabled: boolean) =>
    act(
      `enable:${w.id}`,
      () => apiFetch(`/api/v1/webhooks/${w.id}`, { method: "PATCH", body: { enabled } }),
      enabled ? t("resumed") : t("paused"),
      t("saveFailed"),
    );

  async function remove(w: Webhook) {
    setDeletePending(true);
    try {
      await apiFetch(`/api/v1/webhooks/${w.id}`, { method: "DELETE" });
      toast.success(t("deleted"));
      router.refresh();
    } catch {
      toast.error(t("deleteFailed"));
    } finally {
      setDeletePending(false);
      setDeleting(null);
    }
  }

  async function copy(secret: string) {
    await navigator.clipboard?.writeText(secret).catch(() => {});
    toast.success(t("copied"));
  }

  return (
    <>
      <div className="flex justify-end">
        <Button className="h-11 w-full sm:h-9 sm:w-auto" onClick={() => setDialog(NEW_ENDPOINT)}>
          <Plus className="h-4 w-4" aria-hidden /> {t("add")}
        </Button>
      </div>

      {created && (
        <div className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm" role="status">
          <p className="font-medium break-all text-emerald-900">{t("secretHeading", { url: created.url })}</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code data-testid="webhook-secret" aria-label={t("secretLabel")} className="min-w-0 flex-1 rounded bg-white px-2 py-1 text-xs break-all">
              {created.secret}
            </code>
            <Button size="sm" variant="secondary" className="h-11 sm:h-8" onClick={() => copy(created.secret)}>
              <Copy className="h-3.5 w-3.5" aria-hidden /> {t("copy")}
            </Button>
          </div>
          <p className="mt-2 text-xs text-emerald-900">{t("secretHint")}</p>
          <Button size="sm" variant="ghost" className="mt-2 h-11 sm:h-8" onClick={() => setCreated(null)}>
            {t("done")}
          </Button>
        </div>
      )}

      {webhooks.length === 0 ? (
        <PageMessage
          panel
          icon={WebhookIcon}
          title={t("emptyTitle")}
          body={t("emptyBody")}
          actions={
            <Button variant="secondary" className="h-11 sm:h-9" onClick={() => setDialog(NEW_ENDPOINT)}>
              <Plus className="h-4 w-4" aria-hidden /> {t("add")}
            </Button>
          }
        />
      ) : (
        <ul className="space-y-3" aria-label={t("listLabel")}>
          {webhooks.map((w) => {
            const expanded = open.has(w.id);
            return (
              <li key={w.id} className="rounded-lg border border-slate-200 bg-surface p-4" data-testid="webhook">
                <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
                  <div className="min-w-0 space-y-1">
                    <p className="font-medium break-all">{w.url}</p>
                    {w.description ? <p className="text-sm text-muted break-words">{w.description}</p> : null}
                    <p className="text-xs text-muted">{t("eventCount", { count: w.events.length })}</p>
                  </div>
                  <span
                    className={cn(
                      "inline-flex shrink-0 self-start rounded-full border px-2 py-0.5 text-xs font-medium",
                      w.enabled ? "border-emerald-200 bg-emerald-50 text-emerald-800" : w.disabled_reason === "failures" ? "border-red-200 bg-red-50 text-red-800" : "border-slate-200 bg-slate-50 text-slate-700",
                    )}
                  >
                    {w.enabled ? t("state.enabled") : w.disabled_reason === "failures" ? t("state.failed") : t("state.paused")}
                  </span>
                </div>
                {!w.enabled && w.disabled_reason === "failures" ? (
                  <p role="note" className="mt-2 rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800">
                    {t("disabledAfterFailures", { count: w.consecutive_failures })}
                  </p>
                ) : null}
                <div className="mt-3 flex flex-wrap gap-2">
                  <Button size="sm" variant="secondary" className="h-11 sm:h-8" loading={busy === `test:${w.id}`} onClick={() => void sendTest(w)}>
                    <Send className="h-3.5 w-3.5" aria-hidden /> {t("sendTest")}
                  </Button>
                  <Button size="sm" variant="secondary" className="h-11 sm:h-8" aria-label={t("editLabel", { url: w.url })} onClick={() => setDialog(w)}>
                    <Pencil className="h-3.5 w-3.5" aria-hidden /> {t("edit")}
                  </Button>
                  <Button size="sm" variant="secondary" className="h-11 sm:h-8" loading={busy === `enable:${w.id}`} onClick={() => void setEnabled(w, !w.enabled)}>
                    {w.enabled ? <Pause className="h-3.5 w-3.5" aria-hidden /> : <Play className="h-3.5 w-3.5" aria-hidden />} {w.enabled ? t("pause") : t("resume")}
                  </Button>
                  <Button size="sm" variant="ghost" className="h-11 text-red-700 sm:h-8" aria-label={t("deleteLabel", { url: w.url })} onClick={() => setDeleting(w)}>
                    <Trash2 className="h-3.5 w-3.5" aria-hidden /> {t("delete")}
                  </Button>
                </div>
                <div className="mt-3 border-t border-slate-100 pt-2">
                  <Button
                    size="sm"
                    variant="ghost"
                    className="h-11 sm:h-8"
                    aria-expanded={expanded}
                    aria-controls={`deliveries-${w.id}`}
                    onClick={() => setOpen((current) => {
                      const next = new Set(current);
                      if (expanded) next.delete(w.id);
                      else next.add(w.id);
                      return next;
                    })}
                  >
                    <ChevronDown className={cn("h-3.5 w-3.5 transition-transform", expanded && "rotate-180")} aria-hidden /> {t("deliveriesToggle")}
                  </Button>
                  {expanded ? (
                    <div id={`deliveries-${w.id}`} className="mt-2">
                      <WebhookDeliveries webhookId={w.id} />
                    </div>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}

      <p className="text-xs text-muted">
        <Link href="/api-docs#tag-Webhooks" className="text-accent underline underline-offset-2">
          {t("docsHint")}
        </Link>
      </p>

      {dialog ? (
        <WebhookFormDialog
          key={dialog === NEW_ENDPOINT ? dialog : dialog.id}
          open
          onOpenChange={(o) => !o && setDialog(null)}
          webhook={dialog === NEW_ENDPOINT ? undefined : dialog}
          onSaved={({ webhook, secret }) => {
            setDialog(null);
            if (secret) setCreated({ url: webhook.url, secret });
            else toast.success(t("saved"));
            router.refresh();
          }}
        />
      ) : null}

      <AlertDialog open={deleting !== null} onOpenChange={(o) => !o && setDeleting(null)}>
        {deleting && (
          <AlertDialogContent title={t("deleteTitle")} description={t("deleteBody", { url: deleting.url })}>
            <AlertDialogCancel asChild>
              <Button variant="secondary">{t("cancel")}</Button>
            </AlertDialogCancel>
            <AlertDialogAction asChild>
              <Button
                variant="danger"
                loading={deletePending}
                onClick={(event) => {
                  event.preventDefault();
                  void remove(deleting);
                }}
              >
                {t("deleteConfirm")}
              </Button>
            </AlertDialogAction>
          </AlertDialogContent>
        )}
      </AlertDialog>
    </>
  );
}
