// Which report a schedule freezes on a given day (pure): monthly on the 1st (the month just ended),
// weekly on Monday (the seven days just ended, Monday to Sunday).
export type Cadence = "off" | "weekly" | "monthly";

export interface Schedule {
  cadence: Cadence;
  cluster: string | null;
}

export const NO_SCHEDULE: Schedule = { cadence: "off", cluster: null };

const DAY = 86_400_000;
const ymd = (d: Date) => d.toISOString().slice(0, 10);

export function scheduledPeriod(cadence: Cadence, now: Date): string | null {
  if (cadence === "monthly" && now.getUTCDate() === 1) {
    const prev = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    return ymd(prev).slice(0, 7);
  }
  if (cadence === "weekly" && now.getUTCDay() === 1) {
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    return `${ymd(new Date(today - 7 * DAY))}..${ymd(new Date(today - DAY))}`;
  }
  return null;
}
