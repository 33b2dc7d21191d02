"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { authClient } from "@/lib/auth-client";

/** Managers rename the workspace (better-auth's organization update). */
export function WorkspaceNameForm({ organizationId, name }: { organizationId: string; name: string }) {
  const router = useRouter();
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const next = value.trim();
    if (!next) return setError("The workspace needs a name.");
    if (next.length > 100) return setError("At most 100 characters.");
    setError(null);
    setPending(true);
    const result = await authClient.organization.update({ organizationId, data: { name: next } });
    setPending(false);
    if (result.error) return setError(result.error.message ?? "Could not rename the workspace.");
    toast.success("Workspace renamed");
    router.refresh();
  }

  return (
    <section aria-labelledby="workspace-heading" className="rounded-lg border border-slate-200 bg-surface p-4">
      <h2 id="workspace-heading" className="text-sm font-semibold">
        Workspace
      </h2>
      <form onSubmit={onSubmit} className="mt-3 flex flex-wrap items-end gap-3">
        <div className="min-w-56 flex-1 space-y-1.5">
          <Label htmlFor="workspace-name">Workspace name</Label>
          <Input id="workspace-name" value={value} maxLength={100} onChange={(e) => setValue(e.target.value)} />
        </div>
        <Button type="submit" variant="secondary" loading={pending} disabled={value.trim() === name}>
          Save
        </Button>
      </form>
      <FieldError message={error ?? undefined} />
    </section>
  );
}
