import { formatDate } from "@/lib/format";

export function PipelineHeader({ tenantName, asOf }: { tenantName: string; asOf?: string }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-2">
      <div>
        <h1 className="text-xl font-semibold">Pipeline</h1>
        <p className="text-sm text-muted">
          {tenantName}
          {asOf && ` · as of ${formatDate(asOf)}`} · amounts per currency, never converted
        </p>
      </div>
    </div>
  );
}
