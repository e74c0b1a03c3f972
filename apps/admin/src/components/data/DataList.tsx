import type { ReactNode } from 'react';
import { t } from '../../i18n';

export interface DataItem {
  label: string;
  value: ReactNode;
}

/** Label/value pairs (a definition list); empty values read "Non indicato". */
export function DataList({ items, columns = 2 }: { items: DataItem[]; columns?: 1 | 2 }) {
  return (
    <dl className={`data-list row mb-0 ${columns === 2 ? 'row-cols-1 row-cols-md-2' : 'row-cols-1'}`}>
      {items.map((item) => (
        <div key={item.label} className="col">
          <dt>{item.label}</dt>
          <dd>{item.value === null || item.value === undefined || item.value === '' ? t('common.none') : item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
