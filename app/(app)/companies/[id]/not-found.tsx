import { RecordNotFound } from "@/components/records/record-page-states";

const NS = "companies" as const;

export default function NotFound() {
  return <RecordNotFound ns={NS} href="/companies" />;
}
