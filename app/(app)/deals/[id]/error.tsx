"use client";

import { AlertTriangle } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function DealError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex flex-1 items-center justify-center p-8">
      <div role="alert" className="max-w-md text-center">
        <AlertTriangle className="mx-auto h-10 w-10 text-amber-500" aria-hidden />
        <h1 className="mt-3 text-lg font-semibold">This deal could not be loaded</h1>
        <p className="mt-1 text-sm text-muted">
          Something went wrong on our side or the connection dropped. Try again; if it keeps happening, quote
          {error.digest ? <code className="mx-1 rounded bg-slate-100 px-1 text-xs">{error.digest}</code> : " the time"} to support.
        </p>
        <div className="mt-4 flex justify-center gap-2">
          <Button onClick={reset}>Try again</Button>
          <Button variant="secondary" asChild>
            <Link href="/deals">All deals</Link>
          </Button>
        </div>
      </div>
    </main>
  );
}
