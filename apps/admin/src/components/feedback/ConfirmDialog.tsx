import { Button, Modal, ModalBody, ModalFooter, ModalHeader } from 'design-react-kit';
import { useId, useRef, type ReactNode, type RefObject } from 'react';
import { t } from '../../i18n';
import { ProgressBar } from './ProgressBar';

interface ConfirmDialogProps {
  isOpen: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
  /** A destructive action: the confirm button is red. */
  danger?: boolean;
  /** The action is running: buttons are disabled and a progress bar says so. */
  busy?: boolean;
  busyLabel?: string;
  /** What gets the focus when the dialog opens (default: the cancel button, the safe choice). */
  initialFocus?: RefObject<HTMLElement | null>;
}

/**
 * Asks before a destructive or important action. Modal dialog (focus kept inside, Escape cancels,
 * focus goes back to the button that opened it), titled by its heading.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { isOpen, title, children, confirmLabel, onConfirm, onCancel, danger, busy, busyLabel, initialFocus } = props;
  const titleId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const cancel = () => {
    if (!busy) onCancel();
  };
  return (
    <Modal
      isOpen={isOpen}
      toggle={cancel}
      labelledBy={titleId}
      centered
      returnFocusAfterClose
      onOpened={() => (initialFocus?.current ?? cancelRef.current)?.focus()}
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) onConfirm();
        }}
      >
        <ModalHeader id={titleId} tag="h2">
          {title}
        </ModalHeader>
        <ModalBody>
          {children}
          {busy && busyLabel && <ProgressBar label={busyLabel} className="mt-3" />}
        </ModalBody>
        <ModalFooter>
          <Button type="button" color="secondary" outline innerRef={cancelRef} onClick={cancel} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color={danger ? 'danger' : 'primary'} disabled={busy}>
            {confirmLabel}
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}
