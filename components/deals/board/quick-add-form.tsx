"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/input";
import { ApiError } from "@/lib/api-client";
import { currencyOptions } from "@/lib/deals/currency";
import { useStageName } from "@/components/ui/use-domain";
import type { Stage } from "@/lib/deals/stages";
import { cn } from "@/lib/utils";

/**
 * The column's inline "+": a name and an amount, created in this stage at the top of the column.
 * Stays open after a save for fast entry; Escape closes it.
 */
export function QuickAddForm({
  stage,
  defaultCurrency,
  pending,
  onSubmit,
  onClose,
}: {
  stage: Stage;
  defaultCurrency: string;
  pending: boolean;
  onSubmit: (input: { name: string; amount: number | null; currency: string }) => Promise<void>;
  onClose: () => void;
}) {
  const [name, setName] = useState("");
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState(defaultCurrency);
  const currencies = currencyOptions(defaultCurrency);
  const [error, setError] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const t = useTranslations("board.quickAdd");
  const cancelLabel = useTranslations("common.actions")("cancel");
  const label = useStageName()(stage);
  const errorId = `quick-add-error-${stage}`;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError(t("nameRequired"));
      nameRef.current?.focus();
      return;
    }
    const value = amount.trim() === "" ? null : Number(amount.replace(/[,\s]/g, ""));
    if (value !== null && (!Number.isFinite(value) || value < 0)) {
      setError(t("amountInvalid"));
      return;
    }
    setError(null);
    try {
      await onSubmit({ name: trimmed, amount: value, currency });
      setName("");
      setAmount("");
      nameRef.current?.focus();
    } catch (e) {
      const fieldMessage = e instanceof ApiError ? e.errors[0]?.message : undefined;
      setError(fieldMessage ?? (e instanceof Error ? e.message : t("failed")));
    }
  }

  return (
    <form
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
      aria-label={t("label", { stage: label })}
      className="mx-2 mb-2 shrink-0 space-y-2 rounded-lg border border-accent/40 bg-surface p-2.5 shadow-sm"
    >
      <input
        ref={nameRef}
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={200}
        aria-label={t("name")}
        aria-invalid={Boolean(error) && !name.trim()}
        aria-describedby={error ? errorId : undefined}
        placeholder={t("name")}
        className="h-8 w-full rounded-md border border-slate-300 px-2 text-[13px] placeholder:text-slate-500 focus-visible:border-accent"
      />
      <div className="flex gap-1.5">
        <input
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          inputMode="decimal"
          aria-label={t("amount")}
          placeholder={t("amount")}
          className="h-8 min-w-0 flex-1 rounded-md border border-slate-300 px-2 text-right text-[13px] tabular placeholder:text-left placeholder:text-slate-500 focus-visible:border-accent"
        />
        <select
          value={currency}
          onChange={(e) => setCurrency(e.target.value)}
          aria-label={t("currency")}
          className="h-8 rounded-md border border-slate-300 bg-surface px-1.5 text-xs"
        >
          {currencies.map((c) => (
            <option key={c.value}>{c.value}</option>
          ))}
        </select>
      </div>
      <FieldError id={errorId} message={error ?? undefined} />
      <div className={cn("flex items-center justify-end gap-1.5")}>
        <Button type="button" variant="ghost" size="sm" onClick={onClose}>
          {cancelLabel}
        </Button>
        <Button type="submit" size="sm" loading={pending}>
          {t("add")}
        </Button>
      </div>
    </form>
  );
}
