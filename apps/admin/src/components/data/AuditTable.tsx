import type { AuditEntryDto } from '../../api/types';
import { formatDateTime, t, tMaybe } from '../../i18n';
import { ScrollTable } from './ScrollTable';

interface AuditTableProps {
  entries: AuditEntryDto[];
  /** A person's name for a user id, when the page knows it. */
  actorName?(userId: string): string | undefined;
  /** A comune's name for a tenant id (the provider's log spans every comune). */
  comuneName?(tenantId: string): string | undefined;
}

function actor(entry: AuditEntryDto, actorName?: (id: string) => string | undefined): string {
  const role = entry.actorRole ? (tMaybe(`role.${entry.actorRole}`) ?? entry.actorRole) : t('audit.system');
  const name = entry.actorUserId ? actorName?.(entry.actorUserId) : undefined;
  return name ? `${name} (${role})` : role;
}

function value(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The entry's details as "field: value" pairs, cut at 300 characters. */
function details(entry: AuditEntryDto): string {
  const text = Object.entries(entry.details ?? {})
    .map(([k, v]) => `${k}: ${value(v)}`)
    .join(' · ');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The audit log as a table, newest first; on a phone it scrolls sideways. */
export function AuditTable({ entries, actorName, comuneName }: AuditTableProps) {
  return (
    <ScrollTable caption={t('audit.caption')}>
        <thead>
          <tr>
            <th scope="col">{t('audit.colAt')}</th>
            <th scope="col">{t('audit.colAction')}</th>
            <th scope="col">{t('audit.colActor')}</th>
            <th scope="col">{t('audit.colTarget')}</th>
            <th scope="col">{t('audit.colDetails')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td className="text-nowrap">{formatDateTime(e.at)}</td>
              <td>{tMaybe(`audit.action.${e.action}`) ?? e.action}</td>
              <td>{actor(e, actorName)}</td>
              <td>
                {e.tenantId && comuneName ? <span className="d-block">{comuneName(e.tenantId) ?? ''}</span> : null}
                <span>{tMaybe(`audit.target.${e.targetType}`) ?? e.targetType}</span>
              </td>
              <td>
                <code className="audit-details">{details(e)}</code>
              </td>
            </tr>
          ))}
        </tbody>
    </ScrollTable>
  );
}
