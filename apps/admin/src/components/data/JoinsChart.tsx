import { useId } from 'react';
import type { SubscriberStatsDto } from '../../api/types';
import { formatDate, t } from '../../i18n';
import { ScrollTable } from './ScrollTable';

/**
 * Joins and leaves per day as SVG bars (hidden from screen readers, described by a sentence), followed
 * by the same numbers in a table, which is what assistive technology reads.
 */
export function JoinsChart({ perDay }: { perDay: SubscriberStatsDto['perDay'] }) {
  const descId = useId();
  const days = perDay.slice(-30);
  const max = Math.max(1, ...days.map((d) => Math.max(d.joins, d.leaves)));
  const W = 600;
  const H = 160;
  const slot = W / Math.max(1, days.length);
  const bar = Math.max(1, slot / 2 - 1);
  return (
    <figure className="mb-0">
      <p id={descId}>{t('dashboard.chartDesc')}</p>
      <svg className="bar-chart" viewBox={`0 0 ${W} ${H + 2}`} role="img" aria-label={t('dashboard.chartCaption')} aria-describedby={descId} focusable="false">
        <line x1="0" y1={H} x2={W} y2={H} stroke="#5c6f82" />
        {days.map((d, i) => {
          const hj = (d.joins / max) * (H - 4);
          const hl = (d.leaves / max) * (H - 4);
          return (
            <g key={d.day}>
              <rect x={i * slot} y={H - hj} width={bar} height={hj} fill="#0066cc" />
              <rect x={i * slot + bar} y={H - hl} width={bar} height={hl} fill="#cc334d" />
            </g>
          );
        })}
      </svg>
      <details className="mt-2">
        <summary>{t('dashboard.showTable')}</summary>
        <ScrollTable caption={t('dashboard.chartCaption')}>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.colDay')}</th>
              <th scope="col">{t('dashboard.colJoins')}</th>
              <th scope="col">{t('dashboard.colLeaves')}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{formatDate(d.day)}</th>
                <td>{d.joins}</td>
                <td>{d.leaves}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </details>
    </figure>
  );
}
