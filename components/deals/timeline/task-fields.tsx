"use client";

import { useTranslations } from "next-intl";
import { DatePicker } from "@/components/ui/date-picker";
import { Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";

/** A task's due day, optional time and assignee: the composer's and the editor's. */
export function TaskFields({
  idPrefix,
  day,
  time,
  assignee,
  members,
  onDay,
  onTime,
  onAssignee,
  disabled,
}: {
  idPrefix: string;
  day: string | null;
  time: string;
  assignee: string;
  members: { id: string; name: string }[];
  onDay: (day: string | null) => void;
  onTime: (time: string) => void;
  onAssignee: (id: string) => void;
  disabled?: boolean;
}) {
  const t = useTranslations("tasks.task");
  return (
    <div className="flex flex-wrap items-end gap-2">
      <div className="flex flex-col gap-1">
        <Label htmlFor={`${idPrefix}-due`} className="text-xs text-muted">
          {t("dueDate")}
        </Label>
        <DatePicker id={`${idPrefix}-due`} aria-label={t("dueDate")} value={day} onChange={onDay} placeholder={t("noDue")} className="w-40" disabled={disabled} />
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor={`${idPrefix}-time`} className="text-xs text-muted">
          {t("dueTime")}
        </Label>
        <Input id={`${idPrefix}-time`} type="time" value={time} onChange={(e) => onTime(e.target.value)} disabled={disabled || !day} className="h-9 w-28" />
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor={`${idPrefix}-assignee`} className="text-xs text-muted">
          {t("assignee")}
        </Label>
        <Select
          id={`${idPrefix}-assignee`}
          aria-label={t("assignee")}
          value={assignee}
          onValueChange={onAssignee}
          options={[{ value: "", label: t("unassigned") }, ...members.map((m) => ({ value: m.id, label: m.name }))]}
          className="w-44"
          disabled={disabled}
        />
      </div>
    </div>
  );
}
