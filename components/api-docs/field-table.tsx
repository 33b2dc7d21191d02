import { useTranslations } from "next-intl";
import type { FieldRow, ParameterRow } from "@/lib/openapi-view";
import { cn } from "@/lib/utils";
import { InlineMarkdown } from "./inline-markdown";

function TypeCell({ type, refName }: { type: string; refName?: string }) {
  if (!refName) return <code className="font-mono text-xs text-slate-700">{type}</code>;
  const [before, after] = type.split(refName);
  return (
    <code className="font-mono text-xs text-slate-700">
      {before}
      <a href={`#schema-${refName}`} className="text-accent underline-offset-2 hover:underline">
        {refName}
      </a>
      {after}
    </code>
  );
}

function Notes({ description, constraints }: { description?: string; constraints: string[] }) {
  return (
    <>
      {description && (
        <span className="block">
          <InlineMarkdown text={description} inline />
        </span>
      )}
      {constraints.length > 0 && <span className="block text-xs text-muted">{constraints.join(" · ")}</span>}
    </>
  );
}

/** A schema's fields: name, type (linked when it is another schema), required, notes. */
export function FieldTable({ rows, caption }: { rows: FieldRow[]; caption: string }) {
  const t = useTranslations("apiDocs");
  if (rows.length === 0) return <p className="text-sm text-muted">{t("noFields")}</p>;
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200" tabIndex={0}>
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-1.5 font-medium">{t("field")}</th>
            <th scope="col" className="px-3 py-1.5 font-medium">{t("type")}</th>
            <th scope="col" className="px-3 py-1.5 font-medium">{t("requiredColumn")}</th>
            <th scope="col" className="px-3 py-1.5 font-medium">{t("notes")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.name} className="align-top">
              <th scope="row" className={cn("px-3 py-1.5 text-left font-mono text-xs font-medium whitespace-nowrap text-slate-900", r.depth > 0 && "pl-7 font-normal text-slate-600")}>
                {r.name}
              </th>
              <td className="px-3 py-1.5">
                <TypeCell type={r.type} refName={r.refName} />
              </td>
              <td className="px-3 py-1.5 text-xs">{r.required ? <span className="font-medium whitespace-nowrap text-slate-900">{t("required")}</span> : <span className="whitespace-nowrap text-muted">{t("optional")}</span>}</td>
              <td className="px-3 py-1.5 text-slate-700">
                <Notes description={r.description} constraints={r.constraints} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ParameterTable({ rows }: { rows: ParameterRow[] }) {
  const t = useTranslations("apiDocs");
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200" tabIndex={0}>
      <table className="w-full text-sm">
        <caption className="sr-only">{t("parameters")}</caption>
        <thead className="bg-slate-50 text-left text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-1.5 font-medium">{t("name")}</th>
            <th scope="col" className="px-3 py-1.5 font-medium">{t("in")}</th>
            <th scope="col" className="px-3 py-1.5 font-medium">{t("type")}</th>
            <th scope="col" className="px-3 py-1.5 font-medium">{t("notes")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((p) => (
            <tr key={`${p.in}:${p.name}`} className="align-top">
              <th scope="row" className="px-3 py-1.5 text-left font-mono text-xs font-medium whitespace-nowrap text-slate-900">
                {p.name}
                {p.required && <span className="ml-1 font-sans text-[11px] font-normal text-lost">{t("required")}</span>}
              </th>
              <td className="px-3 py-1.5 text-xs text-muted">{p.in}</td>
              <td className="px-3 py-1.5">
                <code className="font-mono text-xs text-slate-700">{p.type}</code>
              </td>
              <td className="px-3 py-1.5 text-slate-700">
                <Notes description={p.description} constraints={p.constraints} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
