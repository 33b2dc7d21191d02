"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";

/**
 * What every settings form does when it saves: one save at a time, shown on its button; the
 * form's error line, cleared when a save starts and set when one fails (nothing else changes
 * then); a toast once the change is through; and, unless `refresh` is off, the page's server
 * components rendered again, so the header, the navigation and the other cards show the new value.
 */
export function useSettingsSave({ refresh = true }: { refresh?: boolean } = {}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /**
   * Runs `write`, which resolves to the toast that confirms the change; whatever it throws is
   * shown as `failed(error)`. Resolves to whether the change went through.
   */
  async function save(write: () => Promise<string>, failed: (error: unknown) => string): Promise<boolean> {
    setError(null);
    setPending(true);
    try {
      const confirmation = await write();
      toast.success(confirmation);
      if (refresh) router.refresh();
      return true;
    } catch (thrown) {
      setError(failed(thrown));
      return false;
    } finally {
      setPending(false);
    }
  }

  return { pending, error, setError, save };
}
