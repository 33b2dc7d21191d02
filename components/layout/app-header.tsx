"use client";

import { KanbanSquare, Menu } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { useDomainNames } from "@/components/ui/use-domain";
import { useTodayCounts } from "@/lib/queries/use-today-counts";
import { QuickSearch } from "@/components/search/quick-search";
import { cn } from "@/lib/utils";
import type { MenuSlotProps } from "./header-menus";

export interface HeaderUser {
  name: string;
  email: string;
  tenantName: string;
  role: string;
  isManager: boolean;
}

const loadMenus = () => import("./header-menus");
type Menus = Awaited<ReturnType<typeof loadMenus>>;

/**
 * Where a header menu goes: until its code is loaded, a button that looks the same and loads it
 * when pointed at, focused or pressed (pressed: the menu opens as soon as it is there; focused: the
 * real trigger takes the focus over).
 */
function MenuSlot({
  menus,
  load,
  triggerClassName,
  trigger,
  render,
}: {
  menus: Menus | null;
  load: () => void;
  triggerClassName: string;
  trigger: React.ReactNode;
  render: (menus: Menus, slot: MenuSlotProps) => React.ReactNode;
}) {
  const [pressed, setPressed] = useState(false);
  const [focused, setFocused] = useState(false);
  if (menus) return render(menus, { triggerClassName, trigger, defaultOpen: pressed, focusTrigger: pressed || focused });
  return (
    <button
      type="button"
      aria-haspopup="menu"
      aria-expanded={false}
      className={triggerClassName}
      onPointerEnter={load}
      onFocus={() => {
        setFocused(true);
        load();
      }}
      onBlur={() => setFocused(false)}
      onClick={() => {
        setPressed(true);
        load();
      }}
    >
      {trigger}
    </button>
  );
}

const SIGN_OUT_URL = "/api/auth/sign-out";
const AFTER_SIGN_OUT = "/login";

/**
 * The app's top bar: the product mark, the workspace, the main navigation (inline from lg up, a
 * menu below: its seven places do not fit beside the search and the user menu on a tablet) and
 * the user menu.
 */
export function AppHeader({ user }: { user: HeaderUser }) {
  const t = useTranslations("common");
  const tImports = useTranslations("imports");
  const names = useDomainNames();
  const pathname = usePathname();
  const router = useRouter();
  const [menus, setMenus] = useState<Menus | null>(null);
  const load = useCallback(() => void loadMenus().then(setMenus), []);
  const tTasks = useTranslations("tasks.nav");
  const counts = useTodayCounts();
  const due = counts ? counts.overdue + counts.today : 0;
  const countLabel = counts && due > 0 ? tTasks("counts", { overdue: counts.overdue, today: counts.today, both: counts.overdue > 0 && counts.today > 0 ? "yes" : "no" }) : null;
  const todayBadge =
    countLabel !== null ? (
      <span
        className={cn("ml-1.5 inline-flex min-w-5 items-center justify-center rounded-full px-1.5 text-[11px] font-semibold tabular", counts!.overdue > 0 ? "bg-red-600 text-white" : "bg-amber-100 text-amber-900")}
        title={countLabel}
        data-testid="today-count"
      >
        <span aria-hidden>{due > 99 ? "99+" : due}</span>
        <span className="sr-only">{countLabel}</span>
      </span>
    ) : null;
  const nav = [
    { href: "/today", label: tTasks("today"), badge: todayBadge },
    { href: "/board", label: t("nav.board") },
    { href: "/deals", label: t("nav.deals") },
    { href: "/companies", label: t("nav.companies") },
    { href: "/contacts", label: t("nav.contacts") },
    ...(user.isManager ? [{ href: "/pipeline", label: t("nav.pipeline") }] : []),
    { href: "/import", label: tImports("nav") },
  ];
  const isActive = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  const current = nav.find((item) => isActive(item.href));
  const role = user.role
    .split(",")
    .map((r) => names.role(r.trim()))
    .join(", ");

  // A plain request rather than better-auth's client: it keeps ~15 kB of gzipped JS out of every page.
  async function signOut() {
    await fetch(SIGN_OUT_URL, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => {});
    router.replace(AFTER_SIGN_OUT);
    router.refresh();
  }

  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-surface/95 backdrop-blur">
      <div className="flex h-12 items-center gap-2 px-3 sm:gap-4 sm:px-4">
        {/* Below lg the navigation is a menu: the links and a name do not fit beside each other. */}
        <nav aria-label={t("nav.label")} className="lg:hidden">
          <MenuSlot
            menus={menus}
            load={load}
            triggerClassName="flex h-10 min-w-10 items-center gap-1.5 rounded-md px-2 text-sm font-medium text-slate-700 hover:bg-slate-100"
            trigger={
              <>
                <Menu className="h-5 w-5" aria-hidden />
                <span className="sr-only">{t("nav.openMenu")}</span>
                {current && <span aria-hidden>{current.label}</span>}
                {todayBadge}
              </>
            }
            render={(m, slot) => <m.NavMenu {...slot} items={nav.map((item) => ({ ...item, active: isActive(item.href) }))} />}
          />
        </nav>
        <Link href="/board" className="hidden items-center gap-2 font-semibold sm:flex" aria-label={t("nav.home")}>
          <span className="flex h-6 w-6 items-center justify-center rounded-md bg-accent text-white">
            <KanbanSquare className="h-3.5 w-3.5" aria-hidden />
          </span>
          <span aria-hidden>{t("appName")}</span>
        </Link>
        <span className="hidden max-w-48 truncate rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600 xl:inline" title={t("userMenu.workspace")}>
          {user.tenantName}
        </span>
        <nav aria-label={t("nav.label")} className="hidden items-center gap-1 lg:flex">
          {nav.map((item) => {
            const active = isActive(item.href);
            return (
              <Link
                key={item.href}
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "rounded-md px-2.5 py-1.5 text-sm font-medium whitespace-nowrap text-slate-600 hover:bg-slate-100 hover:text-slate-900",
                  active && "bg-accent-soft text-accent hover:bg-accent-soft hover:text-accent",
                )}
              >
                {item.label}
                {"badge" in item ? item.badge : null}
              </Link>
            );
          })}
        </nav>
        <div className="ml-auto shrink-0">
          <QuickSearch />
        </div>
        <div className="min-w-0">
          <MenuSlot
            menus={menus}
            load={load}
            triggerClassName="flex h-10 min-w-10 items-center gap-2 rounded-full p-0.5 hover:bg-slate-100 sm:h-auto sm:pr-2"
            trigger={
              <>
                <Avatar name={user.name} className="h-7 w-7 text-xs" decorative />
                <span className="hidden max-w-40 truncate text-sm sm:inline">{user.name}</span>
                <span className="sr-only">{t("userMenu.label")}</span>
              </>
            }
            render={(m, slot) => <m.UserMenu {...slot} user={user} role={role} onSignOut={signOut} />}
          />
        </div>
      </div>
    </header>
  );
}
