"use client";

import { AlertTriangle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";

/** The report failed (e.g. the database is briefly unavailable): say so and offer a retry. */
export default function PipelineError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const [retrying, startRetry] = useTransition();
  // The report is rendered on the server: refetch it, then re-render the segment.
  const retry = () =>
    startRetry(() => {
      router.refresh();
      reset();
    });
  return (
    <main className="flex flex-1 items-center justify-center p-8">
      <div className="max-w-md text-center" role="alert">
        <AlertTriangle className="mx-auto h-10 w-10 text-lost" aria-hidden />
        <h1 className="mt-3 text-lg font-semibold">The pipeline report could not be loaded</h1>
        <p className="mt-1 text-sm text-muted">
          Something went wrong while computing the numbers. Try again in a moment; if it keeps failing, quote
          {error.digest ? ` reference ${error.digest}` : " the time of the error"} when reporting it.
        </p>
        <Button className="mt-4" onClick={retry} loading={retrying}>
          Try again
        </Button>
      </div>
    </main>
  );
}
