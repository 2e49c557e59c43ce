/** The data-ratio x axis every sweep chart shares: log scale, as in the paper (ratios span decades). */
import { Label, XAxis } from 'recharts';
import { formatLogTick } from '../charts/logAxis';

export function RatioAxis({ domain, ticks }: { domain: [number, number]; ticks: number[] }) {
  return (
    <XAxis type="number" dataKey="ratio" scale="log" domain={domain} ticks={ticks} tickFormatter={formatLogTick} allowDataOverflow stroke="var(--axis)">
      <Label value="fraction of the training data (log scale)" position="bottom" offset={10} fill="var(--muted)" />
    </XAxis>
  );
}
