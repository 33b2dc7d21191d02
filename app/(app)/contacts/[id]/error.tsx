"use client";

import { RecordPageError } from "@/components/records/record-page-error";

const NS = "contacts" as const;

export default function RecordError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <RecordPageError ns={NS} href="/contacts" digest={error.digest} reset={reset} />;
}
