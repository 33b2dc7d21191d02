"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { FieldError, Input, Label } from "@/components/ui/input";
import { ApiError, apiFetch } from "@/lib/api-client";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/webhooks/events";
import type { Webhook } from "@/lib/webhooks/schema";

const GROUPS = ["deal", "activity", "company", "contact", "pipeline"] as const;

/** The events of each record type, in the registry's order. */
const EVENTS_BY_GROUP = GROUPS.map((group) => ({ group, events: WEBHOOK_EVENT_TYPES.filter((e) => e.startsWith(`${group}.`)) }));

type FieldErrors = Partial<Record<"url" | "events" | "form", string>>;

/**
 * Register an endpoint or change one: its URL, a description, and the events it receives
 * (checkboxes per record type). On create, the parent shows the secret the server answered once.
 */
export function WebhookFormDialog({
  open,
  onOpenChange,
  webhook,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The endpoint being edited; absent, a new one is registered. */
  webhook?: Webhook;
  onSaved: (result: { webhook: Webhook; secret?: string }) => void;
}) {
  const t = useTranslations("webhooks");
  const [url, setUrl] = useState(webhook?.url ?? "");
  const [description, setDescription] = useState(webhook?.description ?? "");
  const [events, setEvents] = useState<Set<string>>(new Set(webhook?.events ?? ["deal.created", "deal.updated", "deal.stage_changed"]));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);

  const toggle = (event: WebhookEventType, on: boolean) =>
    setEvents((current) => {
      const next = new Set(current);
      if (on) next.add(event);
      else next.delete(event);
      return next;
    });

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!URL.canParse(url.trim())) found.url = t("form.urlInvalid");
    if (events.size === 0) found.events = t("form.eventsRequired");
    setErrors(found);
    if (Object.keys(found).length) return;
    setSaving(true);
    try {
      const body = { url: url.trim(), description: description.trim(), events: WEBHOOK_EVENT_TYPES.filter((ev) => events.has(ev)) };
      const result = webhook
        ? await apiFetch<{ webhook: Webhook }>(`/api/v1/webhooks/${webhook.id}`, { method: "PATCH", body })
        : await apiFetch<{ webhook: Webhook; secret: string }>("/api/v1/webhooks", { method: "POST", body });
      onSaved(result);
    } catch (error) {
      const urlError = error instanceof ApiError ? error.errors.find((f) => f.field === "url") : undefined;
      setErrors(urlError ? { url: urlError.message } : { form: webhook ? t("form.saveFailed") : t("form.createFailed") });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-2xl" title={webhook ? t("form.editTitle") : t("form.createTitle")} description={t("form.description")}>
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <div className="space-y-1.5">
            <Label htmlFor="webhook-url">{t("form.url")}</Label>
            <Input
              id="webhook-url"
              type="url"
              inputMode="url"
              autoComplete="off"
              value={url}
              placeholder={t("form.urlPlaceholder")}
              aria-invalid={errors.url ? true : undefined}
              aria-describedby={errors.url ? "webhook-url-error" : undefined}
              onChange={(e) => setUrl(e.target.value)}
            />
            <FieldError id="webhook-url-error" message={errors.url} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="webhook-description">{t("form.descriptionLabel")}</Label>
            <Input id="webhook-description" value={description} maxLength={200} placeholder={t("form.descriptionPlaceholder")} onChange={(e) => setDescription(e.target.value)} />
          </div>
          <fieldset aria-describedby={errors.events ? "webhook-events-error" : undefined}>
            <legend className="text-sm font-medium">{t("form.events")}</legend>
            <div className="mt-2 grid gap-3 sm:grid-cols-2">
              {EVENTS_BY_GROUP.map(({ group, events: groupEvents }) => (
                <div key={group} className="rounded-md border border-slate-200 p-2.5">
                  <p className="text-xs font-semibold text-slate-700">{t(`groups.${group}`)}</p>
                  <ul className="mt-1.5 space-y-1">
                    {groupEvents.map((event) => (
                      <li key={event}>
                        <label className="flex min-h-11 items-center gap-2 text-sm sm:min-h-0">
                          <input
                            type="checkbox"
                            className="h-4 w-4 accent-accent"
                            checked={events.has(event)}
                            onChange={(e) => toggle(event, e.target.checked)}
                          />
                          <span>{t(`actions.${event.split(".")[1] as "created"}`)}</span>
                          <code className="ml-auto text-[11px] text-muted">{event}</code>
                        </label>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </div>
            <FieldError id="webhook-events-error" message={errors.events} />
          </fieldset>
          <FieldError message={errors.form} />
          <div className="sticky bottom-0 -mx-5 flex justify-end gap-2 border-t border-slate-200 bg-surface px-5 pt-3">
            <Button type="button" variant="secondary" className="h-11 sm:h-9" onClick={() => onOpenChange(false)}>
              {t("cancel")}
            </Button>
            <Button type="submit" loading={saving} className="h-11 sm:h-9">
              {webhook ? t("form.save") : t("form.create")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
