import { FileJson } from "lucide-react";
import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ApiDocsNav } from "@/components/api-docs/api-docs-nav";
import { CodeBlock } from "@/components/api-docs/code-block";
import { EndpointCard } from "@/components/api-docs/endpoint-card";
import { FieldTable } from "@/components/api-docs/field-table";
import { InlineMarkdown } from "@/components/api-docs/inline-markdown";
import { requireCaller } from "@/lib/current-caller";
import { openApiDocument } from "@/lib/openapi";
import { endpointsByTag, schemaFields } from "@/lib/openapi-view";

const OPENAPI_FILE = "openapi.json";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("apiDocs");
  return { title: t("title") };
}

/**
 * The API reference, rendered from the same OpenAPI document that /api/v1/openapi.json serves. The
 * page's own words follow the person's language; the document's descriptions stay English (they
 * are the API's contract text, generated from its schemas, and the same for every client).
 */
export default async function ApiDocsPage() {
  const [caller, t] = await Promise.all([requireCaller("/api-docs"), getTranslations("apiDocs")]);
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000"}`;
  const doc = openApiDocument();
  const groups = endpointsByTag(doc, origin);
  const schemaNames = Object.keys(doc.components.schemas).sort();
  const signIn = [
    `TOKEN=$(curl -si -X POST '${origin}/api/auth/sign-in/email' \\`,
    `  -H 'Content-Type: application/json' -H 'Origin: ${origin}' \\`,
    `  -d '{"email":"${caller.userEmail}","password":"${t("passwordPlaceholder")}"}' \\`,
    `  | awk -F': ' 'tolower($1)=="set-auth-token"{print $2}' | tr -d '\\r')`,
    ``,
    `curl '${origin}/api/v1/me' -H "Authorization: Bearer $TOKEN"`,
  ].join("\n");
  const keyIntro = t.rich("keyIntro", {
    link: (chunks) => (
      <Link href="/settings/api-keys" className="text-accent underline underline-offset-2">
        {chunks}
      </Link>
    ),
  });
  const withKey = [
    `export PIPELINE_API_KEY=pipeline_sk_...`,
    ``,
    `curl '${origin}/api/v1/crm/deals?limit=10' -H "Authorization: Bearer $PIPELINE_API_KEY"`,
    ``,
    `curl -X POST '${origin}/api/v1/crm/deals' -H "Authorization: Bearer $PIPELINE_API_KEY" \\`,
    `  -H 'Content-Type: application/json' -H "Idempotency-Key: $(uuidgen)" \\`,
    `  -d '{"name":"Website lead","amount":120000,"currency":"JPY"}'`,
  ].join("\n");
  const withSdk = [
    `import { createClient } from "@pipeline-crm/sdk";`,
    ``,
    `const client = createClient({ baseUrl: "${origin}", apiKey: process.env.PIPELINE_API_KEY! });`,
    ``,
    `const deal = await client.customer.deals.create({ name: "Website lead", amount: 120000, currency: "JPY" });`,
    `await client.customer.deals.moveStage(deal.id, { stage: "qualification" });`,
    `for await (const d of client.customer.deals.iterate({ stage: ["proposal"] })) console.log(d.name);`,
  ].join("\n");
  const verifyWebhooks = [
    `import { verifyWebhook } from "@pipeline-crm/sdk";`,
    ``,
    `// rawBody: the request body exactly as received, before any JSON parsing.`,
    `const event = verifyWebhook(process.env.PIPELINE_WEBHOOK_SECRET!, rawBody, request.headers);`,
    `if (event.actor.app_id === MY_APP_ID) return; // our own write coming back`,
    `console.log(event.type, event.data, event.previous_attributes);`,
  ].join("\n");

  return (
    <div className="mx-auto flex w-full max-w-7xl min-w-0 flex-1 gap-8 px-4 py-6 sm:px-6">
      <aside className="sticky top-16 hidden max-h-[calc(100vh-5rem)] w-64 shrink-0 overflow-y-auto pr-2 lg:block">
        <ApiDocsNav groups={groups} schemaNames={schemaNames} />
      </aside>
      <main className="min-w-0 flex-1 space-y-10">
        <section id="getting-started" aria-labelledby="api-title" className="scroll-mt-16">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div>
              <h1 id="api-title" className="text-xl font-semibold">
                {String(doc.info.title)}
              </h1>
              <p className="text-sm text-muted">{t("meta", { openapi: doc.openapi, version: String(doc.info.version), count: groups.reduce((n, g) => n + g.endpoints.length, 0) })}</p>
            </div>
            <a
              href="/api/v1/openapi.json"
              className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-surface px-3 py-1.5 text-sm font-medium shadow-sm hover:bg-slate-50"
            >
              <FileJson className="h-4 w-4" aria-hidden /> {OPENAPI_FILE}
            </a>
          </div>
          <p className="mt-3 max-w-3xl text-xs text-muted">{t("englishNote")}</p>
          <div className="mt-4 max-w-3xl text-sm leading-relaxed text-slate-700" lang="en">
            <InlineMarkdown text={String(doc.info.description)} />
          </div>
          <h2 className="mt-6 mb-2 text-sm font-semibold">{t("firstCall")}</h2>
          <p className="mb-2 max-w-3xl text-sm text-slate-700">
            {keyIntro}
          </p>
          <h3 className="mt-4 mb-2 text-xs font-semibold text-muted uppercase">{t("curlHeading")}</h3>
          <CodeBlock code={withKey} label={t("keyExample")} />
          <h3 className="mt-4 mb-2 text-xs font-semibold text-muted uppercase">{t("sdkHeading")}</h3>
          <p className="mb-2 max-w-3xl text-sm text-slate-700">{t("sdkIntro")}</p>
          <CodeBlock code={withSdk} label={t("sdkExample")} />
          <h3 className="mt-4 mb-2 text-xs font-semibold text-muted uppercase">{t("sessionHeading")}</h3>
          <CodeBlock code={signIn} label={t("signInExample")} />
          <h3 className="mt-4 mb-2 text-xs font-semibold text-muted uppercase">{t("webhooksHeading")}</h3>
          <p className="mb-2 max-w-3xl text-sm text-slate-700">{t("webhooksIntro")}</p>
          <CodeBlock code={verifyWebhooks} label={t("webhooksExample")} />
        </section>

        {groups.map((g) => (
          <section key={g.name} id={`tag-${g.name}`} aria-labelledby={`tag-${g.name}-heading`} className="scroll-mt-16 space-y-3">
            <div>
              <h2 id={`tag-${g.name}-heading`} className="text-lg font-semibold">
                {g.name}
              </h2>
              {g.description && (
                <p className="text-sm text-muted" lang="en">
                  {g.description}
                </p>
              )}
            </div>
            {g.endpoints.map((e) => (
              <EndpointCard key={e.anchor} endpoint={e} />
            ))}
          </section>
        ))}

        <section id="schemas" aria-labelledby="schemas-heading" className="scroll-mt-16 space-y-4">
          <div>
            <h2 id="schemas-heading" className="text-lg font-semibold">
              {t("schemas")}
            </h2>
            <p className="text-sm text-muted">{t("schemasIntro")}</p>
          </div>
          {schemaNames.map((name) => {
            const schema = doc.components.schemas[name];
            return (
              <article key={name} id={`schema-${name}`} aria-labelledby={`schema-${name}-heading`} className="scroll-mt-16 rounded-lg border border-slate-200 bg-surface p-4">
                <h3 id={`schema-${name}-heading`} className="font-mono text-sm font-semibold">
                  {name}
                </h3>
                {typeof schema.description === "string" && (
                  <div className="mt-1 text-sm text-slate-700" lang="en">
                    <InlineMarkdown text={schema.description} />
                  </div>
                )}
                <div className="mt-3">
                  <FieldTable rows={schemaFields(doc, { $ref: `#/components/schemas/${name}` })} caption={t("schemaFields", { name })} />
                </div>
              </article>
            );
          })}
        </section>
      </main>
    </div>
  );
}
