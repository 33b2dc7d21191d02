"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { Toaster } from "sonner";

/**
 * The app's client-wide providers: react-query, and the toasts' container. The root layout
 * names the toasts' region and close button in the page's language (it has no catalog here).
 */
export function Providers({ children, toasterLabels }: { children: React.ReactNode; toasterLabels: { label: string; close: string } }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 10_000, refetchOnWindowFocus: true, retry: 1 },
          mutations: { retry: 0 },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      {children}
      <Toaster
        position="bottom-right"
        richColors
        closeButton
        containerAriaLabel={toasterLabels.label}
        toastOptions={{ closeButtonAriaLabel: toasterLabels.close }}
      />
    </QueryClientProvider>
  );
}
