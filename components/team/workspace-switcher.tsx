"use client";

import { Check } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { SettingsSection } from "@/components/ui/settings-section";
import { authClient } from "@/lib/auth-client";
import type { Membership } from "@/lib/team";

/**
 * For people in several workspaces: which one the session works in, and a way to switch
 * (better-auth's set-active organization). The server components re-render for the new
 * workspace; nothing else needs a reload.
 */
export function WorkspaceSwitcher({ memberships, activeId }: { memberships: Membership[]; activeId: string }) {
  const t = useTranslations("settings");
  const router = useRouter();
  const [pending, setPending] = useState<string | null>(null);

  async function switchTo(membership: Membership) {
    setPending(membership.organization_id);
    const result = await authClient.organization.setActive({ organizationId: membership.organization_id });
    setPending(null);
    if (result.error) return void toast.error(t("switcher.failed"));
    toast.success(t("switcher.switched", { workspace: membership.name }));
    router.refresh();
  }

  return (
    <SettingsSection id="switcher" heading={t("switcher.heading")} intro={t("switcher.intro")}>
      <ul className="mt-3 divide-y divide-slate-100 rounded-md border border-slate-200">
        {memberships.map((m) => {
          const current = m.organization_id === activeId;
          return (
            <li key={m.organization_id} className="flex items-center gap-3 px-3 py-2 text-sm">
              <span className="min-w-0 flex-1 truncate font-medium">{m.name}</span>
              <span className="text-xs text-muted">{t(`roles.${m.role.includes("owner") ? "owner" : m.role.includes("admin") ? "admin" : "member"}`)}</span>
              {current ? (
                <span className="inline-flex h-11 items-center gap-1 px-2 text-xs font-medium text-accent sm:h-8">
                  <Check className="h-3.5 w-3.5" aria-hidden /> {t("switcher.current")}
                </span>
              ) : (
                <Button
                  size="sm"
                  variant="secondary"
                  className="h-11 sm:h-8"
                  aria-label={t("switcher.switchTo", { workspace: m.name })}
                  loading={pending === m.organization_id}
                  onClick={() => switchTo(m)}
                >
                  {t("switcher.switch")}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </SettingsSection>
  );
}
