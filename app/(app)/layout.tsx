import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { ClientMessages } from "@/components/i18n-provider";
import { AppHeader } from "@/components/layout/app-header";
import { VerifyEmailBanner } from "@/components/layout/verify-email-banner";
import { requireCaller } from "@/lib/current-caller";
import { getDb } from "@/lib/db";
import { mailIsConfigured } from "@/lib/mail/send";
import { listPipelines } from "@/lib/pipelines/service";
import { pipelinesQuery } from "@/lib/queries/pipelines";

export const dynamic = "force-dynamic";

/** The signed-in app's client components get these namespaces (lib/i18n/namespaces.ts). */
const CLIENT_PART = "app";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const caller = await requireCaller();
  // The workspace's pipelines (their stages name every stage shown) go to the browser with the page.
  const client = new QueryClient();
  client.setQueryData(pipelinesQuery().queryKey, await listPipelines(getDb(), caller));
  return (
    <ClientMessages part={CLIENT_PART}>
      <HydrationBoundary state={dehydrate(client)}>
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
        {!caller.emailVerified && <VerifyEmailBanner email={caller.userEmail} mailConfigured={mailIsConfigured()} />}
        <div className="flex min-h-0 flex-1 flex-col">{children}</div>
      </div>
      </HydrationBoundary>
    </ClientMessages>
  );
}
