import { SkiplinkItem } from 'design-react-kit';
import { t } from '../../i18n';

/**
 * The first thing a keyboard reaches: jumps past the header to the content or to the menu.
 * (Bootstrap Italia's markup; the kit's Skiplink wrapper drops its children outside `nav` mode.)
 */
export function SkipLinks({ withNav = true }: { withNav?: boolean }) {
  return (
    <div className="skiplinks">
      <SkiplinkItem href="#contenuto">{t('skip.content')}</SkiplinkItem>
      {withNav && <SkiplinkItem href="#navigazione">{t('skip.nav')}</SkiplinkItem>}
    </div>
  );
}
