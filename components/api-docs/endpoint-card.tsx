import { Lock, Unlock } from "lucide-react";
import { useTranslations } from "next-intl";
import type { EndpointView } from "@/lib/openapi-view";
import { cn } from "@/lib/utils";
import { CodeBlock } from "./code-block";
import { FieldTable, ParameterTable } from "./field-table";
import { InlineMarkdown } from "./inline-markdown";
import { MethodBadge } from "./method-badge";

const JSON_MEDIA_TYPE = "application/json";

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="mt-4">
      <h4 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-600 uppercase">{title}</h4>
      {children}
    </div>
  );
}

/** One operation: method and path, what it does, its inputs, its responses, and a curl example. */
export function EndpointCard({ endpoint }: { endpoint: EndpointView }) {
  const t = useTranslations("apiDocs");
  const headingId = `${endpoint.anchor}-heading`;
  return (
    <article id={endpoint.anchor} aria-labelledby={headingId} className="scroll-mt-16 rounded-lg border border-slate-200 bg-surface p-4">
      <h3 id={headingId} className="flex flex-wrap items-center gap-2">
        <MethodBadge method={endpoint.method} />
        <code className="font-mono text-sm font-semibold break-all text-slate-900">{endpoint.path}</code>
        <span className="text-sm font-normal text-muted" lang="en">
          — {endpoint.summary}
        </span>
      </h3>
      {endpoint.description && (
        <div className="mt-2 text-sm text-slate-700" lang="en">
          <InlineMarkdown text={endpoint.description} />
        </div>
      )}
      <p className="mt-2 flex items-center gap-1.5 text-xs text-muted">
        {endpoint.isPublic ? <Unlock className="h-3.5 w-3.5" aria-hidden /> : <Lock className="h-3.5 w-3.5" aria-hidden />}
        {endpoint.isPublic ? t("noAuth") : t("auth")}
      </p>

      {endpoint.parameters.length > 0 && (
        <Section title={t("parameters")}>
          <ParameterTable rows={endpoint.parameters} />
        </Section>
      )}
      {endpoint.body && (
        <Section title={t("requestBody")}>
          <p className="mb-1.5 text-sm text-slate-700">
            <code className="font-mono text-xs">{JSON_MEDIA_TYPE}</code> ·{" "}
            <a href={`#schema-${endpoint.body.schemaName}`} className="font-medium text-accent hover:underline">
              {endpoint.body.schemaName}
            </a>
            {endpoint.body.description && (
              <>
                {" — "}
                <InlineMarkdown text={endpoint.body.description} inline />
              </>
            )}
          </p>
          <FieldTable rows={endpoint.body.fields} caption={t("schemaFields", { name: endpoint.body.schemaName })} />
        </Section>
      )}
      <Section title={t("responses")}>
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
          {endpoint.responses.map((r) => (
            <li key={r.status} className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 px-3 py-1.5">
              <span
                className={cn(
                  "w-9 shrink-0 font-mono text-xs font-semibold",
                  Number(r.status) < 300 ? "text-emerald-700" : Number(r.status) < 500 ? "text-amber-700" : "text-red-700",
                )}
              >
                {r.status}
              </span>
              <span className="min-w-0 flex-1 text-slate-700">
                <InlineMarkdown text={r.description} inline />
              </span>
              {r.schemaName ? (
                <a href={`#schema-${r.schemaName}`} className="font-mono text-xs text-accent hover:underline">
                  {r.schemaName}
                </a>
              ) : (
                r.contentType && <code className="font-mono text-xs text-muted">{r.contentType}</code>
              )}
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t("example")}>
        <CodeBlock code={endpoint.curl} label={t("curlExample", { method: endpoint.method, path: endpoint.path })} />
      </Section>
    </article>
  );
}
