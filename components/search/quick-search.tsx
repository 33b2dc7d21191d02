"use client";

import { Search } from "lucide-react";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";

// The dialog's code loads when it is first opened: most page views never search.
const QuickSearchDialog = dynamic(() => import("./quick-search-dialog"), { ssr: false });

/** ⌘K on Apple devices, Ctrl+K elsewhere. */
const isShortcut = (event: KeyboardEvent) => event.key.toLowerCase() === "k" && (event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey;

const noChanges = () => () => {};
const shortcutModifier = () => (/Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent) ? "⌘" : "Ctrl");

/**
 * The header's search button and the ⌘K / Ctrl+K shortcut (anywhere in the app, also from a
 * text field), both opening the quick search dialog. Phones have no shortcut: the button is
 * always there.
 */
export function QuickSearch() {
  const t = useTranslations("search");
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState(false);
  // Where the focus goes back to on closing: the dialog has no Radix trigger to return it to.
  const returnFocus = useRef<HTMLElement | null>(null);
  const remember = () => {
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  };
  // The key's name is known only in the browser; the server renders none.
  const modifier = useSyncExternalStore(noChanges, shortcutModifier, () => null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isShortcut(event) || event.defaultPrevented) return;
      event.preventDefault();
      setLoaded(true);
      setOpen((was) => {
        if (!was) remember();
        return !was;
      });
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-keyshortcuts="Meta+K Control+K"
        title={t("openHint")}
        onPointerEnter={() => setLoaded(true)}
        onFocus={() => setLoaded(true)}
        onClick={(event) => {
          // Safari does not focus a clicked button: return to it all the same.
          returnFocus.current = event.currentTarget;
          setLoaded(true);
          setOpen(true);
        }}
        className="flex h-10 min-w-10 items-center justify-center gap-2 rounded-md text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900 lg:h-8 lg:justify-start lg:border lg:border-slate-200 lg:px-2.5"
      >
        <Search className="h-4 w-4" aria-hidden />
        {/* A label from wide screens up; below, the icon alone keeps the header on one line. */}
        <span className="sr-only lg:not-sr-only">{t("open")}</span>
        {modifier && (
          <kbd className="hidden rounded border border-slate-200 bg-slate-50 px-1 font-sans text-[11px] text-slate-500 lg:inline" aria-hidden>
            {t("shortcut", { key: modifier })}
          </kbd>
        )}
      </button>
      {loaded && <QuickSearchDialog open={open} onOpenChange={setOpen} returnFocus={returnFocus} />}
    </>
  );
}
