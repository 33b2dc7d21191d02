"use client";

import { RecordPageError } from "@/components/records/record-page-error";

const NS = "companies" as const;

export default function RecordError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <RecordPageError ns={NS} href="/companies" digest={error.digest} reset={reset} />;
}
