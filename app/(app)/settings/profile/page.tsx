import type { Metadata } from "next";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { LanguageForm } from "@/components/profile/language-form";
import { NameForm } from "@/components/profile/name-form";
import { PasswordForm } from "@/components/profile/password-form";
import { StartPageForm } from "@/components/profile/start-page-form";
import { getDb } from "@/lib/db";
import { startPageFor } from "@/lib/profile";
import { requireCaller } from "@/lib/current-caller";
import { DEFAULT_LOCALE, negotiateLocale } from "@/lib/i18n/config";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.profile");
  return { title: t("metaTitle") };
}

/** The person's own settings: name, language, password. They apply in every workspace. */
export default async function ProfilePage() {
  const [caller, t, h] = await Promise.all([requireCaller("/settings/profile"), getTranslations("settings.profile"), headers()]);
  const browserLocale = negotiateLocale(h.get("accept-language")) ?? DEFAULT_LOCALE;
  const preference = await getDb().selectFrom("user").select("start_page").where("id", "=", caller.userId).executeTakeFirst();
  return (
    <>
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-muted">{t("intro")}</p>
      </div>
      <NameForm name={caller.userName} email={caller.userEmail} />
      <LanguageForm locale={caller.locale} browserLocale={browserLocale} />
      <StartPageForm value={startPageFor(preference?.start_page, caller.isManager)} />
      <PasswordForm />
    </>
  );
}
