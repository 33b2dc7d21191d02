import { AppHeader } from "@/components/layout/app-header";
import { requireCaller } from "@/lib/current-caller";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const caller = await requireCaller();
  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader
        user={{
          name: caller.userName,
          email: caller.userEmail,
          tenantName: caller.tenantName,
          role: caller.role,
          isManager: caller.isManager,
        }}
      />
      <div className="flex min-h-0 flex-1 flex-col">{children}</div>
    </div>
  );
}
