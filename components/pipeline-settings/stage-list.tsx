"use client";

import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  type UniqueIdentifier,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { GripVertical, Lock, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo, useRef } from "react";
import { stageStyle } from "@/components/deals/board/stage-style";
import { FieldError, Input } from "@/components/ui/input";
import { closingDrafts, type DraftIssue, openDrafts, type StageDraft, type StageField } from "@/lib/pipelines/draft";
import { cn } from "@/lib/utils";

/**
 * The stage rows of the pipeline editor: open stages reorder by drag (mouse, long press) or from
 * the keyboard on their handle (Space or Enter, arrows, Space or Enter), announced for screen
 * readers; Won and Lost stay at the end, their names and probabilities editable.
 */
export function StageList({
  draft,
  issues,
  onMove,
  onChange,
  onRemove,
}: {
  draft: readonly StageDraft[];
  issues: readonly DraftIssue[];
  onMove: (key: string, toIndex: number) => void;
  onChange: (key: string, patch: Partial<Pick<StageDraft, StageField>>) => void;
  onRemove: (key: string) => void;
}) {
  const t = useTranslations("pipelineSettings");
  const open = useMemo(() => openDrafts(draft), [draft]);
  const closing = closingDrafts(draft);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const justLifted = useRef(false);
  const announcements = useMemo<Announcements>(() => {
    const nameOf = (id: UniqueIdentifier) => {
      const index = open.findIndex((s) => s.key === id);
      return open[index]?.name.trim() || t("editor.stageName", { position: index + 1 });
    };
    const place = (id: UniqueIdentifier | undefined) => ({ position: open.findIndex((s) => s.key === id) + 1, total: open.length });
    return {
      onDragStart: ({ active }) => {
        justLifted.current = true;
        return t("dnd.pickedUp", { stage: nameOf(active.id), ...place(active.id) });
      },
      onDragOver: ({ active, over }) => {
        // dnd-kit reports the lifted row over itself right after the lift: keep "Picked up…" to be read.
        const first = justLifted.current;
        justLifted.current = false;
        if (!over || (first && over.id === active.id)) return undefined;
        return t("dnd.over", { stage: nameOf(active.id), ...place(over.id) });
      },
      onDragEnd: ({ active, over }) => (over ? t("dnd.dropped", { stage: nameOf(active.id), ...place(over.id) }) : t("dnd.cancelled", { stage: nameOf(active.id) })),
      onDragCancel: ({ active }) => t("dnd.cancelled", { stage: nameOf(active.id) }),
    };
  }, [t, open]);

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const to = open.findIndex((s) => s.key === over.id);
    if (to >= 0) onMove(String(active.id), to);
  }

  const issueFor = (key: string, field: StageField | null) => issues.find((i) => i.key === key && i.field === field);
  const rowProps = (stage: StageDraft, position: number, openIndex: number) => ({
    stage,
    position,
    openIndex,
    nameIssue: issueFor(stage.key, "name"),
    probabilityIssue: issueFor(stage.key, "probability"),
    rottingIssue: issueFor(stage.key, "rotting_days"),
    rowIssue: issueFor(stage.key, null),
    onChange: (patch: Partial<Pick<StageDraft, StageField>>) => onChange(stage.key, patch),
  });

  return (
    <div>
      <div aria-hidden className="hidden grid-cols-[2rem_minmax(0,1fr)_6.5rem_8.5rem_2.75rem] gap-2 px-2 pb-1 text-xs font-medium text-muted sm:grid">
        <span />
        <span>{t("editor.columnStage")}</span>
        <span>{t("editor.columnProbability")}</span>
        <span>{t("editor.columnRotting")}</span>
        <span />
      </div>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t("dnd.instructions") } }}
      >
        <SortableContext items={open.map((s) => s.key)} strategy={verticalListSortingStrategy}>
          <ol className="space-y-2" data-testid="stage-rows">
            {open.map((stage, i) => (
              <SortableStageRow key={stage.key} {...rowProps(stage, i + 1, i)} removable={open.length > 1} onRemove={() => onRemove(stage.key)} />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <ol className="mt-2 space-y-2" start={open.length + 1}>
        {closing.map((stage, i) => (
          <StageRow key={stage.key} {...rowProps(stage, open.length + i + 1, 0)} />
        ))}
      </ol>
    </div>
  );
}

interface RowProps {
  stage: StageDraft;
  position: number;
  openIndex: number;
  nameIssue?: DraftIssue;
  probabilityIssue?: DraftIssue;
  rottingIssue?: DraftIssue;
  rowIssue?: DraftIssue;
  onChange: (patch: Partial<Pick<StageDraft, StageField>>) => void;
  removable?: boolean;
  onRemove?: () => void;
}

function SortableStageRow(props: RowProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: props.stage.key });
  return (
    <StageRow
      {...props}
      rowRef={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      dragging={isDragging}
      setHandleNode={setActivatorNodeRef}
      handleProps={{ ...attributes, ...listeners }}
    />
  );
}

function StageRow({
  stage,
  position,
  openIndex,
  nameIssue,
  probabilityIssue,
  rottingIssue,
  rowIssue,
  onChange,
  removable,
  onRemove,
  rowRef,
  style,
  dragging,
  setHandleNode,
  handleProps,
}: RowProps & {
  rowRef?: (node: HTMLElement | null) => void;
  style?: React.CSSProperties;
  dragging?: boolean;
  setHandleNode?: (node: HTMLElement | null) => void;
  handleProps?: React.HTMLAttributes<HTMLButtonElement>;
}) {
  const t = useTranslations("pipelineSettings");
  const closed = stage.kind !== "open";
  const label = stage.name.trim() || t("editor.stageName", { position });
  const id = `stage-${stage.key}`;
  const errorId = (field: string) => `${id}-${field}-error`;
  const message = (issue: DraftIssue | undefined) => (issue ? t(`errors.${issue.code}`) : undefined);
  const dot = stageStyle(stage.id ?? "", closed ? 0 : openIndex).dot;
  return (
    <li
      ref={rowRef}
      style={style}
      data-stage-row={stage.id ?? ""}
      className={cn(
        "relative rounded-md border border-slate-200 bg-surface p-2",
        closed && "bg-slate-50",
        dragging && "z-10 shadow-lg ring-2 ring-accent/40",
        rowIssue && "border-red-300",
      )}
    >
      <div className="grid grid-cols-[2.75rem_minmax(0,1fr)_2.75rem] items-start gap-2 sm:grid-cols-[2rem_minmax(0,1fr)_6.5rem_8.5rem_2.75rem]">
        {setHandleNode ? (
          <button
            type="button"
            ref={setHandleNode}
            {...handleProps}
            aria-label={t("editor.moveHandle", { stage: label })}
            className="flex h-11 w-11 cursor-grab touch-none items-center justify-center rounded text-slate-500 hover:bg-slate-100 active:cursor-grabbing sm:h-9 sm:w-8"
          >
            <GripVertical className="h-4 w-4" aria-hidden />
          </button>
        ) : (
          <span className="flex h-11 w-11 items-center justify-center text-slate-400 sm:h-9 sm:w-8" title={t("editor.fixed")}>
            <Lock className="h-3.5 w-3.5" aria-hidden />
            <span className="sr-only">{t("editor.fixed")}</span>
          </span>
        )}
        <div className="min-w-0 space-y-1">
          <div className="relative">
            <span aria-hidden className={cn("pointer-events-none absolute top-1/2 left-3 h-2 w-2 -translate-y-1/2 rounded-full", dot)} />
            <Input
              id={`${id}-name`}
              aria-label={t("editor.stageName", { position })}
              value={stage.name}
              maxLength={60}
              className="h-11 pl-7 sm:h-9"
              aria-invalid={nameIssue ? true : undefined}
              aria-describedby={nameIssue ? errorId("name") : undefined}
              onChange={(e) => onChange({ name: e.target.value })}
            />
          </div>
          <FieldError id={errorId("name")} message={message(nameIssue)} />
        </div>
        <div className="order-last col-span-3 grid grid-cols-2 gap-2 sm:order-none sm:col-span-2 sm:grid-cols-[6.5rem_8.5rem]">
          <div className="min-w-0 space-y-1">
            <span aria-hidden className="block text-xs text-muted sm:hidden">
              {t("editor.columnProbability")}
            </span>
            <div className="relative">
              <Input
                id={`${id}-probability`}
                type="number"
                inputMode="numeric"
                min={0}
                max={100}
                step={1}
                aria-label={t("editor.probabilityLabel", { stage: label })}
                value={stage.probability}
                className="h-11 pr-7 tabular-nums sm:h-9"
                aria-invalid={probabilityIssue ? true : undefined}
                aria-describedby={probabilityIssue ? errorId("probability") : undefined}
                onChange={(e) => onChange({ probability: e.target.value })}
              />
              <span aria-hidden className="pointer-events-none absolute top-1/2 right-3 -translate-y-1/2 text-xs text-muted">
                {t("editor.percent")}
              </span>
            </div>
            <FieldError id={errorId("probability")} message={message(probabilityIssue)} />
          </div>
          <div className="min-w-0 space-y-1">
            <span aria-hidden className="block text-xs text-muted sm:hidden">
              {t("editor.columnRotting")}
            </span>
            {closed ? (
              <p className="flex min-h-11 items-center text-xs text-muted sm:min-h-9">{t("editor.closedNeverRots")}</p>
            ) : (
              <div className="relative">
                <Input
                  id={`${id}-rotting`}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={3650}
                  step={1}
                  placeholder={t("editor.rottingPlaceholder")}
                  aria-label={t("editor.rottingLabel", { stage: label })}
                  value={stage.rotting_days}
                  className="h-11 pr-10 tabular-nums sm:h-9"
                  aria-invalid={rottingIssue ? true : undefined}
                  aria-describedby={rottingIssue ? errorId("rotting") : undefined}
                  onChange={(e) => onChange({ rotting_days: e.target.value })}
                />
                {stage.rotting_days.trim() === "" ? null : (
                  <span aria-hidden className="pointer-events-none absolute top-1/2 right-3 -translate-y-1/2 text-xs text-muted">
                    {t("editor.days")}
                  </span>
                )}
              </div>
            )}
            <FieldError id={errorId("rotting")} message={message(rottingIssue)} />
          </div>
        </div>
        {onRemove ? (
          <button
            type="button"
            onClick={onRemove}
            disabled={!removable}
            aria-label={t("editor.remove", { stage: label })}
            className="flex h-11 w-11 items-center justify-center rounded text-slate-500 hover:bg-red-50 hover:text-red-700 disabled:opacity-40 sm:h-9"
          >
            <Trash2 className="h-4 w-4" aria-hidden />
          </button>
        ) : (
          <span aria-hidden />
        )}
      </div>
      {rowIssue ? <FieldError message={message(rowIssue)} /> : null}
    </li>
  );
}
