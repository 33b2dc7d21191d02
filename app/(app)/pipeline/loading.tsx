import { PipelineSkeleton } from "@/components/pipeline/states";

export default function PipelineLoading() {
  return (
    <main className="mx-auto flex w-full max-w-7xl flex-1 flex-col gap-4 p-6">
      <div>
        <h1 className="text-xl font-semibold">Pipeline</h1>
        <p className="text-sm text-muted">Crunching the numbers…</p>
      </div>
      <PipelineSkeleton />
    </main>
  );
}
