"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

const TABS = [
  { href: "/settings", key: "team" },
  { href: "/settings/pipelines", key: "pipelines" },
  { href: "/settings/profile", key: "profile" },
  { href: "/settings/api-keys", key: "apiKeys" },
  { href: "/settings/webhooks", key: "webhooks" },
] as const;

/** The settings pages' tabs: the workspace's team and pipelines, the person's own profile, the workspace's API keys and webhooks. */
export function SettingsNav() {
  const t = useTranslations("settings.nav");
  const pathname = usePathname();
  return (
    <nav aria-label={t("label")} className="flex gap-1 border-b border-slate-200">
      {TABS.map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px inline-flex h-11 items-center border-b-2 px-3 text-sm font-medium sm:h-9",
              active ? "border-accent text-accent" : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {t(tab.key)}
          </Link>
        );
      })}
    </nav>
  );
}
