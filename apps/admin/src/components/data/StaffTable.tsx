import { Link } from 'react-router-dom';
import type { StaffUserDto } from '../../api/types';
import { formatDateTime, t } from '../../i18n';
import { ScrollTable } from './ScrollTable';

interface StaffTableProps {
  users: StaffUserDto[];
  caption: string;
  /** The signed-in user's id, marked "(tu)". */
  selfId?: string;
  /** Where each user's page is, when there is one. */
  linkTo?(user: StaffUserDto): string;
}

/** Staff accounts: name, e-mail, role, state, last login. */
export function StaffTable({ users, caption, selfId, linkTo }: StaffTableProps) {
  return (
    <ScrollTable caption={caption}>
        <thead>
          <tr>
            <th scope="col">{t('users.colName')}</th>
            <th scope="col">{t('users.colEmail')}</th>
            <th scope="col">{t('users.colRole')}</th>
            <th scope="col">{t('users.colActive')}</th>
            <th scope="col">{t('users.colLastLogin')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <th scope="row" className="text-nowrap">
                {linkTo ? (
                  <Link to={linkTo(u)} aria-label={t('users.manageLabel', { name: u.fullName })}>
                    {u.fullName}
                  </Link>
                ) : (
                  u.fullName
                )}
                {u.id === selfId && <span className="ms-1">{t('users.you')}</span>}
              </th>
              <td className="text-nowrap">{u.email}</td>
              <td className="text-nowrap">{t(`role.${u.role}`)}</td>
              <td>{u.active ? t('users.active') : t('users.inactive')}</td>
              <td className="text-nowrap">{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('common.never')}</td>
            </tr>
          ))}
        </tbody>
    </ScrollTable>
  );
}
