/** How the Sweeps view names and colours the two schedules, in every chart and legend. */
export const SCHEDULE_NAMES = { baseline: 'baseline', tempbalance: 'TempBalance' } as const;
export const SCHEDULE_COLOURS = { baseline: 'var(--sweep-baseline)', tempbalance: 'var(--sweep-tb)' } as const;
