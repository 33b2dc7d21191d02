"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { ApiError } from "@/lib/api-client";
import { useCreatePipeline } from "@/lib/queries/use-pipelines";

/** Managers add a pipeline by name; it starts with the default six stages (POST /api/v1/crm/pipelines). */
export function CreatePipelineForm({ onCreated }: { onCreated: (id: string) => void }) {
  const t = useTranslations("pipelineSettings");
  const create = useCreatePipeline();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    create.mutate(
      { name },
      {
        onSuccess: (pipeline) => {
          toast.success(t("create.created", { name: pipeline.name }));
          setName("");
          onCreated(pipeline.id);
        },
        onError: (err) => {
          const aboutName = err instanceof ApiError && err.errors.some((e) => e.field === "name");
          setError(aboutName ? t("errors.pipelineName") : t("create.failed"));
        },
      },
    );
  }

  return (
    <section aria-labelledby="create-pipeline-heading" className="rounded-lg border border-slate-200 bg-surface p-4">
      <h2 id="create-pipeline-heading" className="text-sm font-semibold">
        {t("create.heading")}
      </h2>
      <form onSubmit={onSubmit} className="mt-3 flex flex-wrap items-end gap-3">
        <div className="min-w-56 flex-1 space-y-1.5">
          <Label htmlFor="new-pipeline-name">{t("create.nameLabel")}</Label>
          <Input
            id="new-pipeline-name"
            value={name}
            maxLength={80}
            placeholder={t("create.placeholder")}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "new-pipeline-name-error" : "new-pipeline-name-hint"}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <Button type="submit" loading={create.isPending} disabled={name.trim() === ""} className="h-11 sm:h-9">
          {t("create.submit")}
        </Button>
      </form>
      {error ? (
        <div className="mt-2">
          <FieldError id="new-pipeline-name-error" message={error} />
        </div>
      ) : (
        <p id="new-pipeline-name-hint" className="mt-2 text-xs text-muted">
          {t("create.hint")}
        </p>
      )}
    </section>
  );
}
