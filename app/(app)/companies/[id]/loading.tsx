import { RecordPageSkeleton } from "@/components/records/record-page-states";

const NS = "companies" as const;

export default function Loading() {
  return <RecordPageSkeleton ns={NS} />;
}
