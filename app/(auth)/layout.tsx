import { KanbanSquare } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/i18n-provider";

/** The sign-in pages' client components get the `auth` part of the catalogs. */
const MESSAGES_PART = "auth";

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations("common");
  return (
    <ClientMessages part={MESSAGES_PART}>
      <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-slate-50 to-indigo-50/60 px-4 py-12">
        <div className="w-full max-w-sm">
          <div className="mb-6 flex items-center justify-center gap-2 text-lg font-semibold">
            <span className="flex h-8 w-8 items-center justify-center rounded-lg bg-accent text-white">
              <KanbanSquare className="h-4.5 w-4.5" aria-hidden />
            </span>
            {t("appName")}
          </div>
          <div className="rounded-xl border border-slate-200 bg-surface p-6 shadow-sm">{children}</div>
        </div>
      </main>
    </ClientMessages>
  );
}
