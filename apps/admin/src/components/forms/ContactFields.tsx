import type { ChangeEvent } from 'react';
import { t } from '../../i18n';
import { TextField } from './TextField';

type Bind = (name: 'contactEmail' | 'contactPhone' | 'contactUrl' | 'contactApp') => {
  id: string;
  value: string;
  error?: string;
  onChange(e: ChangeEvent<HTMLInputElement>): void;
};

/** The four channels citizens are pointed to instead of the WhatsApp number. */
export function ContactFields({ bind }: { bind: Bind }) {
  return (
    <>
      <TextField {...bind('contactEmail')} type="email" autoComplete="off" label={t('comune.field.contactEmail')} />
      <TextField
        {...bind('contactPhone')}
        type="tel"
        autoComplete="off"
        label={t('comune.field.contactPhone')}
        help={t('comune.field.contactPhoneHelp')}
      />
      <TextField
        {...bind('contactUrl')}
        type="url"
        autoComplete="off"
        label={t('comune.field.contactUrl')}
        help={t('comune.field.contactUrlHelp')}
      />
      <TextField {...bind('contactApp')} label={t('comune.field.contactApp')} help={t('comune.field.contactAppHelp')} />
    </>
  );
}
