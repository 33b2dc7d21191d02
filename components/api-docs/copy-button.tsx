"use client";

import { Check, Copy } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";

/** Copies a code sample; says so for screen readers too. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useTranslations("apiDocs");
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      toast.error(t("copyFailed"));
    }
  }
  return (
    <button
      type="button"
      onClick={copy}
      aria-label={copied ? t("copied") : label}
      className="absolute top-1 right-1 flex h-9 w-9 items-center justify-center rounded text-slate-300 hover:bg-slate-700 hover:text-slate-100"
    >
      {copied ? <Check className="h-3.5 w-3.5" aria-hidden /> : <Copy className="h-3.5 w-3.5" aria-hidden />}
    </button>
  );
}
