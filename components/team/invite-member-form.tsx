"use client";

import { Copy } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { authClient } from "@/lib/auth-client";
import type { PendingInvitation } from "@/lib/team";

/** Managers invite by email; with no mail server, the link is shown here to pass on. */
export function InviteMemberForm({ invitations }: { invitations: PendingInvitation[] }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"member" | "admin">("member");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [lastLink, setLastLink] = useState<string | null>(null);
  const linkFor = (id: string) => `${window.location.origin}/invite/${id}`;

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    setPending(true);
    const result = await authClient.organization.inviteMember({ email: email.trim(), role });
    setPending(false);
    if (result.error || !result.data) {
      setError(result.error?.message ?? "Could not create the invitation.");
      return;
    }
    setLastLink(linkFor(result.data.id));
    setEmail("");
    router.refresh();
  }

  async function copy(link: string) {
    await navigator.clipboard?.writeText(link).catch(() => {});
    toast.success("Invitation link copied");
  }

  return (
    <section aria-labelledby="invite-heading" className="rounded-lg border border-slate-200 bg-surface p-4">
      <h2 id="invite-heading" className="text-sm font-semibold">
        Invite a teammate
      </h2>
      <form onSubmit={onSubmit} className="mt-3 flex flex-wrap items-end gap-3">
        <div className="min-w-56 flex-1 space-y-1.5">
          <Label htmlFor="invite-email">Email</Label>
          <Input id="invite-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="relative w-36 space-y-1.5">
          <Label htmlFor="invite-role">Role</Label>
          <Select
            id="invite-role"
            aria-label="Role"
            value={role}
            onValueChange={(v) => setRole(v as "member" | "admin")}
            options={[
              { value: "member", label: "Sales rep" },
              { value: "admin", label: "Manager" },
            ]}
          />
        </div>
        <Button type="submit" loading={pending}>
          Create invitation
        </Button>
      </form>
      <FieldError message={error ?? undefined} />
      {lastLink && (
        <div className="mt-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm">
          <p className="font-medium text-emerald-900">Invitation created. Send this link to your teammate:</p>
          <div className="mt-2 flex items-center gap-2">
            <code data-testid="invitation-link" className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 text-xs">
              {lastLink}
            </code>
            <Button size="sm" variant="secondary" onClick={() => copy(lastLink)}>
              <Copy className="h-3.5 w-3.5" /> Copy
            </Button>
          </div>
        </div>
      )}
      {invitations.length > 0 && (
        <div className="mt-4">
          <h3 className="text-xs font-medium text-muted uppercase">Pending</h3>
          <ul className="mt-1 divide-y divide-slate-100 text-sm">
            {invitations.map((i) => (
              <li key={i.id} className="flex items-center justify-between gap-2 py-1.5">
                <span className="truncate">
                  {i.email} <span className="text-xs text-muted">({i.role === "admin" ? "manager" : "sales rep"})</span>
                </span>
                <Button size="sm" variant="ghost" onClick={() => copy(linkFor(i.id))}>
                  <Copy className="h-3.5 w-3.5" /> Copy link
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
