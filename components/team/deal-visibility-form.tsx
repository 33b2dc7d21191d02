"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ChoiceCards } from "@/components/ui/choice-cards";
import { apiFetch } from "@/lib/api-client";
import type { DealVisibility } from "@/lib/permissions";

const CHOICES: Array<{ value: DealVisibility; title: "allTitle" | "ownTitle"; description: "allDescription" | "ownDescription" }> = [
  { value: "all", title: "allTitle", description: "allDescription" },
  { value: "own", title: "ownTitle", description: "ownDescription" },
];

/** Managers choose who sees which deals (PATCH /api/v1/workspace). */
export function DealVisibilityForm({ visibility }: { visibility: DealVisibility }) {
  const t = useTranslations("settings.visibility");
  const router = useRouter();
  const [saved, setSaved] = useState(visibility);
  const [choice, setChoice] = useState(visibility);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const { workspace } = await apiFetch<{ workspace: { deal_visibility: DealVisibility } }>("/api/v1/workspace", {
        method: "PATCH",
        body: { deal_visibility: choice },
      });
      setSaved(workspace.deal_visibility);
      toast.success(workspace.deal_visibility === "own" ? t("savedOwn") : t("savedAll"));
      router.refresh();
    } catch {
      setError(t("failed"));
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="visibility-heading" className="rounded-lg border border-slate-200 bg-surface p-4">
      <h2 id="visibility-heading" className="text-sm font-semibold">
        {t("heading")}
      </h2>
      <form onSubmit={onSubmit} className="mt-3 space-y-3">
        <ChoiceCards
          name="deal_visibility"
          legend={t("legend")}
          options={CHOICES.map((c) => ({ value: c.value, label: t(c.title), hint: t(c.description) }))}
          value={choice}
          onChange={setChoice}
        />
        {error ? (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        ) : null}
        <Button type="submit" variant="secondary" loading={pending} disabled={choice === saved}>
          {t("save")}
        </Button>
      </form>
    </section>
  );
}
