"use client";

import { Search } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { cn } from "@/lib/utils";

/**
 * A list's search box: it searches a moment after typing stops (Enter at once, Escape clears),
 * shows the URL's search again when that changes from outside (back button, "Clear filters"),
 * and "/" anywhere outside a field jumps to it, as in most list views.
 */
export function ListSearchBox({
  id,
  label,
  placeholder,
  title,
  search: urlSearch,
  onSearch,
  className,
}: {
  id: string;
  label: string;
  placeholder: string;
  title?: string;
  /** The search in effect (the URL's). */
  search: string;
  onSearch: (search: string) => void;
  /** The input's height. */
  className?: string;
}) {
  const [search, setSearch] = useState(urlSearch);
  const [lastUrlSearch, setLastUrlSearch] = useState(urlSearch);
  const searchRef = useRef<HTMLInputElement>(null);
  const latestOnSearch = useRef(onSearch);
  useEffect(() => {
    latestOnSearch.current = onSearch;
  });
  if (urlSearch !== lastUrlSearch) {
    setLastUrlSearch(urlSearch);
    setSearch(urlSearch);
  }

  useEffect(() => {
    if (search.trim() === urlSearch.trim()) return;
    const timer = setTimeout(() => latestOnSearch.current(search), 250);
    return () => clearTimeout(timer);
  }, [search, urlSearch]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement | null;
      if (e.key !== "/" || (target && (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.isContentEditable))) return;
      e.preventDefault();
      searchRef.current?.focus();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className="relative w-full sm:w-72">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <Search className="pointer-events-none absolute top-1/2 left-2.5 h-4 w-4 -translate-y-1/2 text-slate-400" aria-hidden />
      <input
        ref={searchRef}
        id={id}
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") onSearch(search);
          if (e.key === "Escape" && search) {
            e.preventDefault();
            setSearch("");
            onSearch("");
          }
        }}
        placeholder={placeholder}
        title={title}
        className={cn("h-9 w-full rounded-md border border-slate-300 bg-surface pr-8 pl-8 text-sm shadow-xs placeholder:text-slate-500 focus-visible:border-accent", className)}
      />
      <kbd className="pointer-events-none absolute top-1/2 right-2 hidden -translate-y-1/2 rounded border border-slate-200 px-1 text-[10px] text-slate-400 sm:block">/</kbd>
    </div>
  );
}
