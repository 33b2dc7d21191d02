import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { debouncedRefresh } from "./use-deal-events";

describe("debouncedRefresh", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs once for a burst of changes, a period after the last", () => {
    const run = vi.fn();
    const { schedule } = debouncedRefresh(run, 400);
    for (let i = 0; i < 5; i++) {
      schedule();
      vi.advanceTimersByTime(100);
    }
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(300);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("waits while held, then runs once", () => {
    const run = vi.fn();
    let held = true;
    const { schedule } = debouncedRefresh(run, 250, () => held);
    schedule();
    vi.advanceTimersByTime(1_000);
    expect(run).not.toHaveBeenCalled();
    held = false;
    vi.advanceTimersByTime(250);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("runs nothing once cancelled (the page went away)", () => {
    const run = vi.fn();
    const { schedule, cancel } = debouncedRefresh(run, 250);
    schedule();
    cancel();
    vi.advanceTimersByTime(1_000);
    expect(run).not.toHaveBeenCalled();
  });
});
