"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { authClient } from "@/lib/auth-client";

/** Managers rename the workspace (better-auth's organization update). */
export function WorkspaceNameForm({ organizationId, name }: { organizationId: string; name: string }) {
  const t = useTranslations("settings.workspace");
  const router = useRouter();
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const next = value.trim();
    if (!next) return setError(t("nameRequired"));
    if (next.length > 100) return setError(t("nameTooLong", { max: 100 }));
    setError(null);
    setPending(true);
    const result = await authClient.organization.update({ organizationId, data: { name: next } });
    setPending(false);
    if (result.error) return setError(t("renameFailed"));
    toast.success(t("renamed"));
    router.refresh();
  }

  return (
    <section aria-labelledby="workspace-heading" className="rounded-lg border border-slate-200 bg-surface p-4">
      <h2 id="workspace-heading" className="text-sm font-semibold">
        {t("heading")}
      </h2>
      <form onSubmit={onSubmit} className="mt-3 flex flex-wrap items-end gap-3">
        <div className="min-w-56 flex-1 space-y-1.5">
          <Label htmlFor="workspace-name">{t("nameLabel")}</Label>
          <Input id="workspace-name" value={value} maxLength={100} onChange={(e) => setValue(e.target.value)} />
        </div>
        <Button type="submit" variant="secondary" loading={pending} disabled={value.trim() === name}>
          {t("save")}
        </Button>
      </form>
      <FieldError message={error ?? undefined} />
    </section>
  );
}
