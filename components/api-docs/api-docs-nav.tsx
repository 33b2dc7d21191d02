import { useTranslations } from "next-intl";
import type { TagGroup } from "@/lib/openapi-view";
import { MethodBadge } from "./method-badge";

/** The reference's table of contents: tags with their endpoints, then the schemas. */
export function ApiDocsNav({ groups, schemaNames }: { groups: TagGroup[]; schemaNames: string[] }) {
  const t = useTranslations("apiDocs");
  return (
    <nav aria-label={t("navLabel")} className="space-y-4 text-sm">
      <a href="#getting-started" className="block font-medium text-slate-700 hover:text-accent">
        {t("gettingStarted")}
      </a>
      {groups.map((g) => (
        <div key={g.name}>
          <a href={`#tag-${g.name}`} className="block font-semibold text-slate-900 hover:text-accent">
            {g.name}
          </a>
          <ul className="mt-1 space-y-0.5">
            {g.endpoints.map((e) => (
              <li key={e.anchor}>
                <a href={`#${e.anchor}`} className="flex items-center gap-1.5 rounded px-1 py-0.5 text-xs text-slate-600 hover:bg-slate-100 hover:text-slate-900">
                  <MethodBadge method={e.method} className="w-12 px-1 text-[10px]" />
                  <span className="truncate">{e.summary}</span>
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <div>
        <a href="#schemas" className="block font-semibold text-slate-900 hover:text-accent">
          {t("schemas")}
        </a>
        <ul className="mt-1 grid grid-cols-2 gap-x-2 gap-y-0.5">
          {schemaNames.map((name) => (
            <li key={name}>
              <a href={`#schema-${name}`} className="block truncate rounded px-1 py-0.5 font-mono text-[11px] text-slate-600 hover:bg-slate-100 hover:text-slate-900">
                {name}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}
