"use client";

import { AlertTriangle, RefreshCw } from "lucide-react";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { PageMessage } from "@/components/ui/page-message";

/** The reference Next.js gives a server-side failure (its digest), to quote to support; none for a failure in the browser. */
function referenceOf(error: unknown): string | null {
  const digest = error instanceof Error ? (error as Error & { digest?: unknown }).digest : undefined;
  return typeof digest === "string" && digest !== "" ? digest : null;
}

/**
 * A route's error.tsx: what failed, the reference when there is one, and Try again. Trying again
 * uses Next's `retry`, which fetches the segment's server components again: the failures these
 * pages show happen on the server (a database briefly away), where re-rendering what the browser
 * already holds would fail the same way.
 */
export function RouteError({
  error,
  retry,
  title,
  body,
  retryLabel,
  actions,
}: {
  error: unknown;
  retry: () => void;
  title: string;
  /** The explanation, given the reference when the server gave one. */
  body: (reference: string | null) => React.ReactNode;
  retryLabel: string;
  /** Other ways on, after Try again. */
  actions?: React.ReactNode;
}) {
  const [retrying, startRetry] = useTransition();
  return (
    <PageMessage
      icon={AlertTriangle}
      tone="danger"
      role="alert"
      title={title}
      body={body(referenceOf(error))}
      actions={
        <>
          <Button loading={retrying} onClick={() => startRetry(() => retry())}>
            <RefreshCw className="h-3.5 w-3.5" aria-hidden /> {retryLabel}
          </Button>
          {actions}
        </>
      }
    />
  );
}
