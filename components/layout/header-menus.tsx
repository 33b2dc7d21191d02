"use client";

import { BookOpen, Languages, LogOut, Settings, Users } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { cn } from "@/lib/utils";

/**
 * The header's two menus (navigation on a phone, the user menu). They load when someone reaches
 * for them (components/layout/app-header.tsx), not with every page: the menu primitives are
 * JavaScript a board visit does not otherwise need.
 */

export interface MenuSlotProps {
  /** The trigger's look and content, the same as the stand-in the header renders before this loads. */
  triggerClassName: string;
  trigger: React.ReactNode;
  /** Open at once: the stand-in was clicked. */
  defaultOpen: boolean;
  /** Take focus at once: the stand-in had it. */
  focusTrigger: boolean;
}

function useFocusOnMount(focus: boolean) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return ref;
}

export interface NavItem {
  href: string;
  label: string;
  active: boolean;
}

export function NavMenu({ items, triggerClassName, trigger, defaultOpen, focusTrigger }: MenuSlotProps & { items: NavItem[] }) {
  const ref = useFocusOnMount(focusTrigger);
  return (
    <DropdownMenu defaultOpen={defaultOpen}>
      <DropdownMenuTrigger ref={ref} className={triggerClassName}>
        {trigger}
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start">
        {items.map((item) => (
          <DropdownMenuItem key={item.href} asChild>
            <Link href={item.href} aria-current={item.active ? "page" : undefined} className={cn(item.active && "font-semibold text-accent")}>
              {item.label}
            </Link>
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

export interface MenuUser {
  name: string;
  email: string;
  tenantName: string;
  isManager: boolean;
}

export function UserMenu({
  user,
  role,
  onSignOut,
  triggerClassName,
  trigger,
  defaultOpen,
  focusTrigger,
}: MenuSlotProps & { user: MenuUser; role: string; onSignOut: () => void }) {
  const t = useTranslations("common");
  const ref = useFocusOnMount(focusTrigger);
  return (
    <DropdownMenu defaultOpen={defaultOpen}>
      <DropdownMenuTrigger ref={ref} className={triggerClassName}>
        {trigger}
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuLabel>
          <div className="font-medium text-slate-900">{user.name}</div>
          <div className="break-all">{user.email}</div>
          <div className="mt-0.5">{t("userMenu.tenantAndRole", { tenant: user.tenantName, role })}</div>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/settings">
            {user.isManager ? <Users className="h-4 w-4" aria-hidden /> : <Settings className="h-4 w-4" aria-hidden />}
            {user.isManager ? t("userMenu.team") : t("userMenu.workspace")}
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link href="/settings/profile">
            <Languages className="h-4 w-4" aria-hidden /> {t("userMenu.profile")}
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link href="/api-docs">
            <BookOpen className="h-4 w-4" aria-hidden /> {t("userMenu.apiReference")}
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={onSignOut}>
          <LogOut className="h-4 w-4" aria-hidden /> {t("userMenu.signOut")}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
