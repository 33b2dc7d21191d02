import { useTranslations } from "next-intl";
import { CopyButton } from "./copy-button";

/** A code sample with a copy button; it scrolls sideways inside itself, and takes focus to do so from the keyboard. */
export function CodeBlock({ code, label }: { code: string; label: string }) {
  const t = useTranslations("apiDocs");
  return (
    <div className="relative">
      <pre aria-label={label} tabIndex={0} className="overflow-x-auto rounded-md bg-slate-900 p-3 pr-10 font-mono text-xs leading-relaxed text-slate-100">
        <code>{code}</code>
      </pre>
      <CopyButton text={code} label={t("copy", { label })} />
    </div>
  );
}
