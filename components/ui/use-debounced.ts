"use client";

import { useEffect, useState } from "react";

/** `value`, once it has stopped changing for `ms` (a search box's text, before it is queried). */
export function useDebounced<T>(value: T, ms = 200): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}
