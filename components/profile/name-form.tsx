"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { apiFetch } from "@/lib/api-client";

/** The person's name and (read-only) address; the name is saved with PATCH /api/v1/me. */
export function NameForm({ name, email }: { name: string; email: string }) {
  const t = useTranslations("settings.profile");
  const router = useRouter();
  const [value, setValue] = useState(name);
  const [saved, setSaved] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const next = value.trim();
    if (!next) return setError(t("nameRequired"));
    setError(null);
    setPending(true);
    try {
      const me = await apiFetch<{ user: { name: string } }>("/api/v1/me", { method: "PATCH", body: { name: next } });
      setSaved(me.user.name);
      setValue(me.user.name);
      toast.success(t("saved"));
      router.refresh();
    } catch {
      setError(t("saveFailed"));
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="profile-name-heading" className="rounded-lg border border-slate-200 bg-surface p-4">
      <h2 id="profile-name-heading" className="text-sm font-semibold">
        {t("nameHeading")}
      </h2>
      <form onSubmit={onSubmit} className="mt-3 space-y-3">
        <div className="space-y-1.5">
          <Label htmlFor="profile-name">{t("nameLabel")}</Label>
          <Input
            id="profile-name"
            value={value}
            maxLength={100}
            autoComplete="name"
            aria-describedby="profile-name-hint"
            aria-invalid={error ? true : undefined}
            onChange={(e) => setValue(e.target.value)}
          />
          <p id="profile-name-hint" className="text-xs text-muted">
            {t("nameHint")}
          </p>
          <FieldError message={error ?? undefined} />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="profile-email">{t("email")}</Label>
          <Input id="profile-email" value={email} readOnly aria-describedby="profile-email-hint" className="bg-slate-50 text-slate-600" />
          <p id="profile-email-hint" className="text-xs text-muted">
            {t("emailHint")}
          </p>
        </div>
        <Button type="submit" variant="secondary" loading={pending} disabled={value.trim() === saved}>
          {t("save")}
        </Button>
      </form>
    </section>
  );
}
