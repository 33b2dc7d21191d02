import { RecordNotFound } from "@/components/records/record-page-states";

const NS = "contacts" as const;

export default function NotFound() {
  return <RecordNotFound ns={NS} href="/contacts" />;
}
